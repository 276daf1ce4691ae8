import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/main.js';
import { buildFixture } from './testdata/fixture.js';
import { runScan } from './run-scan.js';

function writeLog(): { dir: string; fleet: Set<string>; accounts: number } {
  const f = buildFixture({ days: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'moat-scan-'));
  const lines = f.exchanges.map((e) => JSON.stringify(e));
  lines.splice(10, 0, '{"id": "broken", "ts": "not a time"', '{"id":"x2","ts":"2026-03-02T00:00:00Z","account":"a","messages":"nope"}');
  writeFileSync(join(dir, 'exchanges.jsonl'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'accounts.jsonl'), f.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return { dir, fleet: f.fleet, accounts: new Set(f.exchanges.map((e) => e.account)).size };
}

describe('moat scan (runScan)', () => {
  it('writes one verdict line per account seen, campaigns.json, and quarantines bad lines with file:line', async () => {
    const { dir, fleet, accounts } = writeLog();
    const out = join(dir, 'out');
    const r = await runScan(dir, { out });
    const verdicts = readFileSync(join(out, 'accounts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(verdicts.length).toBe(accounts);
    for (const v of verdicts) expect(Object.keys(v)).toEqual(expect.arrayContaining(['account', 'verdict', 'campaign', 'score', 'flagged_at', 'reasons']));
    expect(verdicts.filter((v) => v.verdict === 'attack').map((v) => v.account).sort()).toEqual([...fleet].sort());
    const campaigns = JSON.parse(readFileSync(join(out, 'campaigns.json'), 'utf8'));
    expect(campaigns.length).toBeGreaterThan(0);
    expect(campaigns[0]).toMatchObject({ id: expect.any(String), accounts: expect.any(Array), capability_mix: expect.any(Object), indicators: expect.any(Array) });
    expect(r.result.stats.quarantined).toBe(2);
    const q = readFileSync(join(out, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(q.map((x) => x.line).sort()).toEqual([11, 12]);
  });

  it('stdin: an --accounts file that the pipe writer creates just before its first exchange is read (simulate | scan)', async () => {
    const { dir } = writeLog();
    const base = await runScan(dir, { out: join(dir, 'from-dir') });
    const side = join(dir, 'side', 'accounts.jsonl');
    mkdirSync(join(dir, 'side'));
    const body = readFileSync(join(dir, 'exchanges.jsonl'));
    const accounts = readFileSync(join(dir, 'accounts.jsonl'));
    // Like `moat simulate --out - --side D`: the side file appears only when the stream starts.
    const stdin = Readable.from(
      (async function* () {
        writeFileSync(side, accounts);
        yield body;
      })(),
    );
    const piped = await runScan('-', { out: join(dir, 'from-pipe'), accounts: side, stdin });
    expect(piped.result.accounts).toEqual(base.result.accounts);
    expect(piped.result.campaigns.map((c) => c.indicators)).toEqual(base.result.campaigns.map((c) => c.indicators));
  });

  it('the process stdin (`… | moat scan -`, gzip and a bad line included) goes through the reader worker with the same verdicts', async () => {
    const { dir } = writeLog();
    const base = await runScan(dir, { out: join(dir, 'from-dir') });
    const out = join(dir, 'from-stdin');
    const gz = join(dir, 'exchanges.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(dir, 'exchanges.jsonl'))));
    // A shell pipe (a FIFO on fd 0), as in `moat simulate … | moat scan -`.
    const moat = "node --import tsx -e \"import('./src/cli/main.ts').then((m) => m.run(['node', 'moat', ...process.argv.slice(1)]))\"";
    const child = spawn('bash', ['-c', `cat "$1" | ${moat} scan - --accounts "$2" --out "$3" --quiet`, 'sh', gz, join(dir, 'accounts.jsonl'), out], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOAT_SCAN_WORKER: undefined },
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += String(b)));
    const code = await new Promise((r) => child.once('exit', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(out, 'accounts.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'from-dir', 'accounts.jsonl'), 'utf8'));
    const q = readFileSync(join(out, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(q.map((x) => x.line).sort()).toEqual([11, 12]);
    // The worker reopened the pipe as /dev/stdin (the one-thread path names it '-').
    expect(q[0].file).toBe('/dev/stdin');
    expect(base.result.stats.quarantined).toBe(2);
  });

  it('a named --accounts file that never appears is an error, not silence', async () => {
    const { dir } = writeLog();
    await expect(runScan(dir, { out: join(dir, 'o'), accounts: join(dir, 'nope.jsonl') })).rejects.toThrow(/nope\.jsonl/);
  });

  it('CLI: prints a summary, and a bad --config is one error line', async () => {
    const { dir } = writeLog();
    const out = join(dir, 'cli-out');
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
    try {
      await (await buildProgram()).exitOverride().parseAsync(['node', 'moat', 'scan', dir, '--out', out, '--quiet']);
    } finally {
      process.stdout.write = write;
    }
    expect(chunks.join('')).toMatch(/scanned \d+ exchanges, \d+ accounts: \d+ campaigns, 12 flagged, \d+ suspect, 2 quarantined/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'verdict:\n  attack_min: 7\n');
    await expect((await buildProgram()).exitOverride().parseAsync(['node', 'moat', 'scan', dir, '--out', out, '--quiet', '--config', bad])).rejects.toThrow(/bad\.yaml: verdict\.attack_min: /);
  });
});
