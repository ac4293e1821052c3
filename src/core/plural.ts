/** A count with its noun, singular for one: "1 session", "2 sessions", "1,024 lines". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
