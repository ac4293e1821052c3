/** The SOC fixtures the exposures and detections tests read, from files and shipped to the engine. */
import { join } from 'node:path';
import { FIXTURES } from './golden';

export const EXPOSURE_INPUTS = [
  join(FIXTURES, 'soc', 'soc-exposures.log'),
  join(FIXTURES, 'vsftpd', 'own-format-no-protocol.log'),
  join(FIXTURES, 'vsftpd', 'pass-in-clear.log'),
];

/** The golden exposed-credentials list of those files (anonymous users: anonymous, ftp, guest). */
export const EXPOSURES_GOLDEN = join(FIXTURES, 'soc', 'soc-exposures.exposures.json');

export const SOC_ANONYMOUS_USERS = ['anonymous', 'ftp', 'guest'];
