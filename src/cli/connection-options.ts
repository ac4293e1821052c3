/**
 * Options `setup` and `ship` share: the config file and how to reach the engine. Secrets are never
 * option defaults (commander would print them in --help): FTPSIGHT_PASSWORD, FTPSIGHT_API_KEY and
 * FTPSIGHT_BEARER_TOKEN are read when the command runs.
 */
import { Option, type Command } from 'commander';
import { FtpsightError } from '../core/errors';
import type { Config, RawConfig } from '../config/schema';
import type { ConnectionOptions } from '../engine/connection';
import { settingOption } from './settings';

/** The flags read directly; the others set keys of the configuration (settings.ts). */
export interface ConnectionFlags {
  config?: string;
}

/** The config file: `scan` takes it too, for its `sessions:` settings. */
export function configOption(description = ''): Option {
  return new Option(
    '-c, --config <file>',
    `YAML config file (environment variables \${NAME} substituted; flags win)${description}`,
  );
}

export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .addOption(configOption())
    .addOption(
      settingOption(
        '--target <urls>',
        'Elasticsearch or OpenSearch URL, e.g. https://localhost:9200; several nodes comma-separated ' +
          '(https://es1:9200,https://es2:9200): requests go to those that answer',
        'target.url',
      ),
    )
    .addOption(
      settingOption(
        '--username <name>',
        'user for basic authentication; the password comes from FTPSIGHT_PASSWORD',
        'target.username',
      ),
    )
    .addOption(
      settingOption(
        '--password <password>',
        'password (visible to other users in the process list: prefer FTPSIGHT_PASSWORD or the config file)',
        'target.password',
      ),
    )
    .addOption(
      settingOption(
        '--api-key <key>',
        'API key, base64 "id:key" (visible to other users in the process list: prefer FTPSIGHT_API_KEY or ' +
          'the config file)',
        'target.api_key',
      ),
    )
    .addOption(
      settingOption(
        '--bearer-token <token>',
        'bearer token (visible to other users in the process list: prefer FTPSIGHT_BEARER_TOKEN or the ' +
          'config file)',
        'target.bearer_token',
      ),
    )
    .addOption(
      settingOption('--ca <file>', 'PEM file of the CA that signed the engine certificate', 'target.ca'),
    )
    .addOption(settingOption('--cert <file>', 'client certificate (PEM), with --key', 'target.cert'))
    .addOption(settingOption('--key <file>', 'private key of the client certificate (PEM)', 'target.key'))
    .addOption(
      settingOption('--insecure', 'accept any engine certificate (test engines only)', 'target.insecure'),
    );
}

/** The config file, if one was given (its reader is loaded then: these flags are defined at every start). */
export async function configFile(flags: ConnectionFlags): Promise<RawConfig | undefined> {
  if (flags.config === undefined) return undefined;
  return (await import('../config/load')).readConfigFile(flags.config);
}

/** The connection, with secrets from the environment where neither flags nor the file gave one. */
export function connectionOf(config: Config, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const t = config.target;
  if (t.url === undefined || t.url.length === 0) {
    throw new FtpsightError(
      'USAGE',
      'No engine to talk to',
      'Give --target URL (or target.url in the config file).',
    );
  }
  const anyAuth = t.username !== undefined || t.api_key !== undefined || t.bearer_token !== undefined;
  return {
    urls: t.url,
    username: t.username,
    password: t.password ?? (t.username === undefined ? undefined : env.FTPSIGHT_PASSWORD),
    apiKey: t.api_key ?? (anyAuth ? undefined : env.FTPSIGHT_API_KEY || undefined),
    bearerToken:
      t.bearer_token ??
      (anyAuth || env.FTPSIGHT_API_KEY ? undefined : env.FTPSIGHT_BEARER_TOKEN || undefined),
    ca: t.ca,
    cert: t.cert,
    key: t.key,
    insecure: t.insecure,
    requestTimeoutMs: t.request_timeout,
  };
}
