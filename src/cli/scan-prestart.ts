/**
 * Imported by main.ts before the commands' modules load: `scan --threads N`'s workers start loading the
 * data path while this thread loads the CLI (scan/threads/prestart.ts). The command is known from argv alone.
 */
import { prestart } from '../scan/threads/prestart';

if (process.argv[2] === 'scan') prestart(process.argv);
