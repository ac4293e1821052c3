/** Where the package's data files (pipelines/, dashboards/, package.json) are found at run time. */
import { join } from 'node:path';

/** The repository (or installed package) root: src/core and dist/core both sit two levels below it. */
export const PACKAGE_ROOT = join(__dirname, '..', '..');
