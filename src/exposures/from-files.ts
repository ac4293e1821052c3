/** The exposed-credentials list of log files: scan's data path (sources → formats → sessions), no output. */
import { openLogs, type LogInputs } from '../dataflow/logs';
import { sessionJson } from '../ecs/session-document';
import { ExposureBuilder, type ExposureReport } from '../report/exposed-accounts';

export async function exposuresFromFiles(o: LogInputs): Promise<ExposureReport> {
  const { files, pipeline } = await openLogs(o);
  const list = new ExposureBuilder();
  for await (const batch of pipeline.run(files)) for (const s of batch.closed) list.add(sessionJson(s));
  return list.finish();
}
