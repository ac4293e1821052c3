/** Collects what the HTML report needs beyond the summary while the scan runs; writes the page at the end. */
import type { FileHandle } from 'node:fs/promises';
import { openOutput } from '../../core/output-file';
import type { SessionJson } from '../../ecs/session-document';
import { version } from '../../core/version';
import { ExposureBuilder } from '../exposed-accounts';
import { CappedList, ExposureList } from '../rows';
import type { MalformedJson, ScanSummary } from '../summary';
import { TimeHistogramBuilder } from '../time-histogram';
import { renderPage } from './page';

export class HtmlReport {
  private readonly histogram = new TimeHistogramBuilder();
  private readonly exposures = new ExposureList();
  private readonly accounts = new ExposureBuilder();
  private readonly malformed = new CappedList<MalformedJson>();

  private constructor(
    private readonly file: FileHandle,
    private readonly inputs: readonly string[],
  ) {}

  /** Opens the file now, so that a path that cannot be written fails the scan before it starts, not after. */
  static async create(path: string, inputs: readonly string[]): Promise<HtmlReport> {
    return new HtmlReport(await openOutput(path, 'w', 'HTML report', '--html'), inputs);
  }

  addSession(j: SessionJson): void {
    this.histogram.addSession(j);
    this.exposures.addSession(j);
    this.accounts.add(j);
  }

  addMalformed(m: MalformedJson): void {
    this.malformed.add(m);
  }

  async write(summary: ScanSummary): Promise<void> {
    const page = renderPage({
      summary,
      histogram: this.histogram.finish(),
      exposures: this.exposures,
      accounts: this.accounts.finish(),
      malformed: this.malformed,
      inputs: this.inputs,
      generatedAt: new Date(),
      version: version(),
    });
    try {
      await this.file.writeFile(page, 'utf8');
    } finally {
      await this.file.close();
    }
  }
}
