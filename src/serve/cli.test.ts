/**
 * The real command: two `moat serve --redis` processes sharing one real redis-server. Verdicts
 * are loaded by the first from a scan's accounts.jsonl (with a bad line, quarantined); requests
 * for many accounts of one campaign are spread over both; the campaign budget holds in total.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type RedisHarness } from '../store/redis-harness.js';

let redis: RedisHarness;
let dir = '';
const procs: ChildProcess[] = [];
const logs: string[] = [];

function serve(args: string[]): { proc: ChildProcess; ready: Promise<void> } {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', "import('./src/cli/main.ts').then((m) => m.run(['node', 'moat', ...process.argv.slice(1)]))", 'serve', ...args],
    { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOAT_KEY_SECRET: 's' } },
  );
  const i = logs.push('') - 1;
  procs.push(proc);
  const ready = new Promise<void>((resolve, reject) => {
    proc.stderr!.on('data', (b) => {
      logs[i] += String(b);
      if (logs[i].includes('listening on')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`moat serve exited ${code}: ${logs[i]}`)));
  });
  return { proc, ready };
}

beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'moat-serve-cli-'));
  writeFileSync(join(dir, 'moat.yaml'), 'limits:\n  account: {}\n  campaign:\n    requests_per_second: 0.01\n    burst: 30\n');
  const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ account: `acct_${i}`, verdict: 'suspect', campaign: 'camp-A', score: 0.7, reasons: [] }));
  lines.splice(5, 0, '{"account": "broken", "verdict": "maybe"}');
  writeFileSync(join(dir, 'accounts.jsonl'), lines.join('\n') + '\n');
});

afterAll(async () => {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGTERM');
        }),
    ),
  );
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('moat serve (two processes, one Redis)', () => {
  it('loads verdicts with quarantine, and the campaign budget holds across both processes', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const a = serve(['--port', String(p1), '--redis', redis.url, '--config', join(dir, 'moat.yaml'), '--verdicts', join(dir, 'accounts.jsonl')]);
    await a.ready;
    const b = serve(['--port', String(p2), '--redis', redis.url, '--config', join(dir, 'moat.yaml')]);
    await b.ready;
    expect(logs[0]).toMatch(/verdicts: 40 loaded, 1 quarantined/);
    expect(logs[0]).toMatch(/accounts\.jsonl:6: verdict: /);

    let allowed = 0;
    const perPort: Record<number, number> = { [p1]: 0, [p2]: 0 };
    for (let i = 0; i < 120; i++) {
      const port = i % 2 === 0 ? p1 : p2;
      const r = await fetch(`http://127.0.0.1:${port}/v1/decide`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: `acct_${i % 40}` }),
      });
      const d = await r.json();
      if (d.action === 'allow') {
        allowed++;
        perPort[port]++;
      } else expect(d.code).toBe('MOAT_THROTTLE_CAMPAIGN_REQUESTS');
    }
    // burst 30 + 0.01/s over the few seconds this takes.
    expect(allowed).toBeGreaterThanOrEqual(30);
    expect(allowed).toBeLessThanOrEqual(31);
    expect(perPort[p2]).toBeGreaterThan(5);
  });
});
