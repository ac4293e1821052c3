/**
 * Imported first by main.ts, before the commands' modules load: `ship`'s young generation must stay small
 * from the start (ship/memory.ts), and the command is known from argv alone.
 */
import { boundYoungGeneration } from '../ship/memory';

if (process.argv[2] === 'ship') boundYoungGeneration();
