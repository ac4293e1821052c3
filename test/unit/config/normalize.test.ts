/** The one normaliser: the same options whichever command or file they come from. */
import { resolveConfig } from '../../../src/config/load';
import {
  DEFAULT_SESSIONIZER_OPTIONS,
  normalizeOptions,
  pipelineOptions,
  scanSettings,
  sessionizerOptions,
} from '../../../src/config/normalize';

describe('session options', () => {
  test('a config file and scan flags saying the same give the same sessionizer options', () => {
    const sessions = { idle_timeout: '90s', implicit_ports: [990, 9990], anonymous_users: ['Guest'] };
    const fromFile = sessionizerOptions(resolveConfig({ sessions }, {}).sessions);
    const fromScan = scanSettings({ sources: [{ paths: ['x.log'] }], sessions }).sessionizer;
    expect(fromScan).toEqual(fromFile);
    expect(fromFile).toMatchObject({ idleTimeoutMs: 90_000, implicitPorts: new Set([990, 9990]) });
    expect(fromFile.anonymousUsers).toEqual(new Set(['guest']));
  });

  test('nothing given: the defaults', () => {
    expect(sessionizerOptions(normalizeOptions({}).sessions)).toEqual(DEFAULT_SESSIONIZER_OPTIONS);
  });

  test.each([0, '0', '0s'])('idle_timeout %j is refused in the config file too', (idle) => {
    expect(() => resolveConfig({ sessions: { idle_timeout: idle } }, {})).toThrow(/must be longer than zero/);
  });
});

test('the pipeline takes its implicit ports as the sessionizer does', () => {
  expect(pipelineOptions().implicitPorts).toEqual([...DEFAULT_SESSIONIZER_OPTIONS.implicitPorts]);
  expect(pipelineOptions({ implicitPorts: [9990] }).implicitPorts).toEqual([9990]);
  expect(() => pipelineOptions({ implicitPorts: [70000] })).toThrow(/implicit_ports/);
});
