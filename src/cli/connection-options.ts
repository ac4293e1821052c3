/**
 * Options `setup` and `ship` share: the config file and how to reach the engine. Secrets are never
 * option defaults (commander would print them in --help): FTPSIGHT_PASSWORD, FTPSIGHT_API_KEY and
 * FTPSIGHT_BEARER_TOKEN are read when the command runs.
 */
import type { Command } from 'commander';
import { FtpsightError } from '../core/errors';
import { readConfigFile } from '../config/load';
import type { Config, RawConfig } from '../config/schema';
import type { ConnectionOptions } from '../engine/connection';

export interface ConnectionFlags {
  config?: string;
  target?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  bearerToken?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML config file (environment variables ${NAME} substituted; flags win)')
    .option('--target <url>', 'Elasticsearch or OpenSearch URL, e.g. https://localhost:9200')
    .option('--username <name>', 'user for basic authentication; the password comes from FTPSIGHT_PASSWORD')
    .option(
      '--password <password>',
      'password (visible to other users in the process list: prefer FTPSIGHT_PASSWORD)',
    )
    .option('--api-key <key>', 'API key, base64 "id:key" (or FTPSIGHT_API_KEY)')
    .option('--bearer-token <token>', 'bearer token (or FTPSIGHT_BEARER_TOKEN)')
    .option('--ca <file>', 'PEM file of the CA that signed the engine certificate')
    .option('--cert <file>', 'client certificate (PEM), with --key')
    .option('--key <file>', 'private key of the client certificate (PEM)')
    .option('--insecure', 'accept any engine certificate (test engines only)');
}

/** The config file, if one was given. */
export function configFile(flags: ConnectionFlags): RawConfig | undefined {
  return flags.config === undefined ? undefined : readConfigFile(flags.config);
}

/** The target part of the config, from the flags that were given. */
export function targetFlags(f: ConnectionFlags): RawConfig['target'] {
  return {
    url: f.target,
    username: f.username,
    password: f.password,
    api_key: f.apiKey,
    bearer_token: f.bearerToken,
    ca: f.ca,
    cert: f.cert,
    key: f.key,
    insecure: f.insecure,
  };
}

/** The connection, with secrets from the environment where neither flags nor the file gave one. */
export function connectionOf(config: Config, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const t = config.target;
  if (t.url === undefined) {
    throw new FtpsightError(
      'USAGE',
      'No engine to talk to',
      'Give --target URL (or target.url in the config file).',
    );
  }
  const anyAuth = t.username !== undefined || t.api_key !== undefined || t.bearer_token !== undefined;
  return {
    url: t.url,
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
