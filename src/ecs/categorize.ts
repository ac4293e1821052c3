/** ECS event.category / event.type / event.action for an FTP record. */
import type { FtpRecord } from '../core/types';

export interface EcsClassification {
  readonly category: readonly string[];
  readonly type: readonly string[];
  readonly action: string;
}

const c = (category: string[], type: string[], action: string): EcsClassification => ({
  category,
  type,
  action,
});

/** Exported as data: the ingest pipeline generator embeds these tables (src/pipeline-generator). */
export const BY_KIND: Partial<Record<FtpRecord['kind'], EcsClassification>> = {
  control_open: c(['network', 'session'], ['connection', 'start'], 'control-channel-opened'),
  control_close: c(['network', 'session'], ['connection', 'end'], 'control-channel-closed'),
  data_open: c(['network'], ['connection', 'start'], 'data-channel-opened'),
  data_close: c(['network'], ['connection', 'end'], 'data-channel-closed'),
  tls_established: c(['network'], ['protocol'], 'tls-established'),
  transfer: c(['file'], ['access'], 'transfer'),
  reply: c(['network'], ['protocol'], 'reply'),
  notice: c(['network'], ['info'], 'notice'),
};

export const BY_VERB: Readonly<Record<string, readonly [string[], string[]]>> = {
  USER: [['authentication'], ['info']],
  PASS: [['authentication'], ['start']],
  QUIT: [['network', 'session'], ['end']],
  RETR: [['file'], ['access']],
  LIST: [['file'], ['access']],
  NLST: [['file'], ['access']],
  MLSD: [['file'], ['access']],
  MLST: [['file'], ['info']],
  SIZE: [['file'], ['info']],
  MDTM: [['file'], ['info']],
  STOR: [['file'], ['creation']],
  STOU: [['file'], ['creation']],
  APPE: [['file'], ['change']],
  MKD: [['file'], ['creation']],
  XMKD: [['file'], ['creation']],
  DELE: [['file'], ['deletion']],
  RMD: [['file'], ['deletion']],
  XRMD: [['file'], ['deletion']],
  RNFR: [['file'], ['change']],
  RNTO: [['file'], ['change']],
};

export const PROTOCOL: readonly [string[], string[]] = [['network'], ['protocol']];
const cache = new Map<string, EcsClassification>();

export function classify(r: FtpRecord): EcsClassification {
  if (r.kind !== 'command') return BY_KIND[r.kind] ?? c(['network'], ['protocol'], r.kind);
  const verb = r.command ?? '';
  let hit = cache.get(verb);
  if (hit === undefined) {
    const [category, type] = BY_VERB[verb.toUpperCase()] ?? PROTOCOL;
    hit = c(category, type, verb.toLowerCase());
    if (cache.size < 1000) cache.set(verb, hit); // attacker-chosen verbs must not grow it forever
  }
  return hit;
}
