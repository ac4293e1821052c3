/** Every RecordKind, so that fuzzed streams cover each (a new kind must be added here too). */
import type { RecordKind } from '../../../src/core/types';

const ALL: Record<RecordKind, true> = {
  command: true,
  reply: true,
  control_open: true,
  control_close: true,
  data_open: true,
  data_close: true,
  transfer: true,
  tls_established: true,
  notice: true,
};
export const RECORD_KINDS = Object.keys(ALL) as RecordKind[];
