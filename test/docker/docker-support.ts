/**
 * For test/integration/docker.test.ts: the scripts of this folder, Docker and Docker Compose, run as child
 * processes. Every command is bounded in time; a failure carries the command's output.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const DOCKER_DIR = __dirname;
export const REPO = join(__dirname, '..', '..');

export interface RunOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Show the command's stderr as it runs (long scripts report their progress there). */
  readonly showProgress?: boolean;
  /** Resolve to stdout followed by stderr (where ftpsight writes its JSON log). */
  readonly withStderr?: boolean;
}

/** Runs a command and resolves to its stdout; rejects when it fails or outlives `timeoutMs`. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const child = spawn(command, args, {
    cwd: REPO,
    env: options.env ?? process.env,
    // Its own process group, so that a timeout ends the command's children (docker build, apt-get) too.
    detached: true,
    stdio: ['ignore', 'pipe', options.showProgress ? 'inherit' : 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const what = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${what}: no result after ${options.timeoutMs / 1000} s\n${stderr}${stdout}`));
      process.kill(-(child.pid as number), 'SIGKILL');
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(options.withStderr ? stdout + stderr : stdout);
      else reject(new Error(`${what} failed with exit code ${code}\n${stderr}${stdout}`));
    });
  });
}

export function runScript(script: string, args: readonly string[], options: RunOptions): Promise<string> {
  return run('bash', [join(DOCKER_DIR, script), ...args], { showProgress: true, ...options });
}

/** The images build-images.sh built, from its NAME=IMAGE lines. */
export async function buildImages(): Promise<Record<string, string>> {
  const out = await runScript('build-images.sh', [], { timeoutMs: 30 * 60_000 });
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2)),
  );
}

export async function imageSize(image: string): Promise<string> {
  const bytes = Number(
    await run('docker', ['image', 'inspect', '-f', '{{.Size}}', image], { timeoutMs: 30_000 }),
  );
  return `${Math.round(bytes / 1e6)} MB`;
}

/** A TCP port free at the time of the call, for a container port published on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** One Compose project: `docker compose` (v2) where it exists, else Debian's `docker-compose` (v1.29). */
export class ComposeProject {
  private constructor(
    private readonly command: readonly string[],
    readonly name: string,
  ) {}

  static async open(name: string, envFile: string, profile: string): Promise<ComposeProject> {
    const v2 = await run('docker', ['compose', 'version'], { timeoutMs: 30_000 }).then(
      () => true,
      () => false,
    );
    const file = join(REPO, 'docker-compose.yml');
    const options = ['-p', name, '-f', file, '--env-file', envFile, '--profile', profile];
    return new ComposeProject(v2 ? ['docker', 'compose', ...options] : ['docker-compose', ...options], name);
  }

  run(args: readonly string[], options: Partial<RunOptions> = {}): Promise<string> {
    const [command, ...rest] = this.command;
    return run(command, [...rest, ...args], { timeoutMs: 5 * 60_000, ...options });
  }

  /** The ID of the (last) container of a service. */
  async container(service: string): Promise<string> {
    return (await this.run(['ps', '-q', service], { timeoutMs: 30_000 })).trim();
  }

  /** What a service's container wrote on stdout and stderr, across its restarts. */
  async logs(service: string): Promise<string> {
    const id = await this.container(service);
    return run('docker', ['logs', id], { timeoutMs: 60_000, withStderr: true });
  }

  /** Containers, volumes and networks still labelled with this project. */
  async leftovers(): Promise<string[]> {
    const label = `label=com.docker.compose.project=${this.name}`;
    const lists = await Promise.all(
      [
        ['ps', '-a', '-q'],
        ['volume', 'ls', '-q'],
        ['network', 'ls', '-q'],
      ].map((args) => run('docker', [...args, '--filter', label], { timeoutMs: 30_000 })),
    );
    return lists.flatMap((list) => list.split('\n')).filter((line) => line !== '');
  }
}
