/** The exposed-credentials list of log files: scan's data path (sources → formats → sessions), no output. */
import type { FileProblem } from '../core/types';
import { openLogs, type LogInputs } from '../dataflow/logs';
import { sessionJson } from '../ecs/session-document';
import { ExposureBuilder, type ExposureReport } from '../report/exposed-accounts';

/** `onProblem`: each file left out, whole or from a read error (the list may lack its sessions). */
export async function exposuresFromFiles(
  o: LogInputs,
  onProblem: (p: FileProblem) => void = () => undefined,
): Promise<ExposureReport> {
  const { files, pipeline } = await openLogs(o);
  const list = new ExposureBuilder();
  for await (const batch of pipeline.run(files)) {
    if (batch.problem !== undefined) onProblem(batch.problem);
    for (const s of batch.closed) list.add(sessionJson(s));
  }
  return list.finish();
}
