/** ftpsight as a library: the same data path the CLI uses. */
export * from './core/types';
export { FtpsightError } from './core/errors';
export { expandInputs } from './sources/expand';
export { readLineBatches } from './sources/lines';
export { detectFormat, formatByName } from './formats';
export { Pipeline } from './dataflow/run';
export { Sessionizer } from './sessions/sessionizer';
export { DEFAULT_SESSIONIZER_OPTIONS } from './config/normalize';
export { eventDocument } from './ecs/event-document';
export { sessionJson } from './ecs/session-document';
export { sessionDocument } from './ecs/session-document-json';
export { scan } from './scan/scan';
