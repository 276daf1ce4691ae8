/**
 * Starts a real redis-server for tests: free port, temp dir, no persistence. Fails loudly when
 * redis-server is not installed (scripts/ensure-deps.sh --servers installs it); never skips.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisHarness {
  url: string;
  port: number;
  /** The server's process id while it runs (benchmarks pin it to a core). */
  readonly pid: number | undefined;
  /** Kill the server (SIGKILL: simulates a crash). */
  kill(): Promise<void>;
  /** Start it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/**
 * A port the OS reports free right now.
 * @example const port = await freePort();
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`redis-server did not open port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * @example const redis = await startRedis(); // … redis.url … ; await redis.stop();
 */
export async function startRedis(options: { candidates?: string[] } = {}): Promise<RedisHarness> {
  const candidates = options.candidates ?? CANDIDATES;
  const bin = candidates.find((p) => existsSync(p));
  if (!bin) {
    throw new Error('redis-server not found (looked in ' + candidates.join(', ') + '); install it with scripts/ensure-deps.sh --servers');
  }
  const dir = mkdtempSync(join(tmpdir(), 'moat-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    child = spawn(bin!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    await waitForPort(port, 5000);
  }

  async function kill(): Promise<void> {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return (child as ChildProcess | null)?.pid;
    },
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
