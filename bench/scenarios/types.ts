/** What every measurement hands the runner: named numbers for the table and the JSON, and notes. */
export interface Measurement {
  readonly name: string;
  readonly metrics: Record<string, number>;
  readonly notes?: string[];
}
