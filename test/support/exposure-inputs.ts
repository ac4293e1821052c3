/** The SOC fixtures the exposures and detections tests read, from files and shipped to the engine. */
import { join } from 'node:path';
import type { ExposureReport } from '../../src/report/exposed-accounts';
import { FIXTURES } from './golden';
import type { Rows } from './saved-panel-search';

export const EXPOSURE_INPUTS = [
  join(FIXTURES, 'soc', 'soc-exposures.log'),
  join(FIXTURES, 'vsftpd', 'own-format-no-protocol.log'),
  join(FIXTURES, 'vsftpd', 'pass-in-clear.log'),
];

/** The golden exposed-credentials list of those files (anonymous users: anonymous, ftp, guest). */
export const EXPOSURES_GOLDEN = join(FIXTURES, 'soc', 'soc-exposures.exposures.json');

export const SOC_ANONYMOUS_USERS = ['anonymous', 'ftp', 'guest'];

/** The exposures list as the dashboards' exposed-accounts table shows it: a row per account, by column label. */
export function exposuresAsPanelRows(r: ExposureReport): Rows {
  return Object.fromEntries(
    r.accounts.map((a) => [
      a.account,
      {
        Sessions: a.sessions,
        'Successful logins': a.successful_logins,
        'Failed logins': a.failed_logins,
        First: a.first,
        Last: a.last,
        'Client addresses': a.clients.length,
      },
    ]),
  );
}
