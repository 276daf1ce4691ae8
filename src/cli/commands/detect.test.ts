/**
 * `moat detect`, `moat gateway --exchange-stream` and `moat serve --exchange-stream` as real
 * processes on a real redis-server: requests through two gateway processes and a LiteLLM call
 * through the decision API reach the one detector process, which at SIGTERM writes every account
 * (with its exchange count) and quarantines a bad stream entry.
 * Detection itself across gateways is tested in src/gateway/central-detector.test.ts (it needs
 * event time to pass hourly checkpoints, which real processes on a real clock do not in a test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../gateway/testing/mock-upstream.js';
import { startRedis, type RedisHarness } from '../../store/redis-harness.js';
import { runInProcess } from '../testing/run-in-process.js';
import { register } from './detect.js';
import { register as registerGateway } from './gateway.js';
import { register as registerReport } from './report.js';

const ROOT = new URL('../../..', import.meta.url).pathname;

function moat(args: string[], readyText: string): { proc: ChildProcess; ready: Promise<string>; stderr: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', '-e', "import('./src/cli/main.ts').then((m) => m.run(['node', 'moat', ...process.argv.slice(1)]))", ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOAT_KEY_SECRET: 'detect-test-secret' },
  });
  let err = '';
  const ready = new Promise<string>((resolve, reject) => {
    proc.stderr!.on('data', (b) => {
      err += String(b);
      if (err.includes(readyText)) resolve(err);
    });
    proc.once('exit', (code) => reject(new Error(`moat ${args[0]} exited ${code}: ${err}`)));
  });
  return { proc, ready, stderr: () => err };
}

const exited = (p: ChildProcess): Promise<number | null> => new Promise((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code))));

describe('moat detect (CLI)', () => {
  it('rejects a bad --from, --stream or --seed before connecting, and needs --redis', async () => {
    const run = (...args: string[]) => runInProcess([register], ['detect', ...args]);
    expect((await run('--redis', 'redis://127.0.0.1:9', '--from', 'latest')).err).toBe('moat: --from must be 0, $ or a stream id (1700000000000-0), got "latest"\n');
    expect((await run('--redis', 'redis://127.0.0.1:9', '--stream', '')).err).toBe('moat: --stream must be 1 to 200 printable characters without spaces, got ""\n');
    expect((await run('--redis', 'redis://127.0.0.1:9', '--seed', '1e3')).err).toBe('moat: --seed must be an integer from 0 to 9007199254740991, got "1e3"\n');
    expect((await run()).err).toMatch(/required option '--redis <url>' not specified/);
  });

  it('moat gateway --exchange-stream needs --redis and excludes --detector-thread', async () => {
    const gw = (...args: string[]) => runInProcess([registerGateway], ['gateway', '--upstream', 'http://127.0.0.1:9', '--quiet', '--port', '0', '--young-gen', '0', ...args]);
    expect((await gw('--exchange-stream')).err).toBe('moat: --exchange-stream needs --redis (the stream and the verdicts moat detect writes live there)\n');
    expect((await gw('--exchange-stream', '--redis', 'redis://127.0.0.1:9', '--detector-thread')).err).toBe(
      'moat: --exchange-stream and --detector-thread: with a stream the detector is `moat detect`, not a thread of this gateway\n',
    );
    expect((await gw('--exchange-stream', 'has space', '--redis', 'redis://127.0.0.1:9')).err).toBe('moat: --exchange-stream must be 1 to 200 printable characters without spaces, got "has space"\n');
  });
});

describe('two gateway processes, one moat detect process (real redis-server)', () => {
  let redis: RedisHarness;
  let mock: MockUpstream;
  let dir = '';
  const procs: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    mock = await startMockUpstream();
    dir = mkdtempSync(join(tmpdir(), 'moat-detect-cli-'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await mock?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads what both gateways record, quarantines a bad entry, and writes the scan files at SIGTERM', async () => {
    const keys = Array.from({ length: 4 }, (_, i) => ({ key: `sk-cli-${i}-${'k'.repeat(24)}`, account: `acct_cli_${i}` }));
    writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys }));
    const gateways = [0, 1].map(() =>
      moat(['gateway', '--upstream', mock.url, '--redis', redis.url, '--exchange-stream', '--keys', join(dir, 'keys.json'), '--port', '0', '--young-gen', '0'], 'listening on'),
    );
    procs.push(...gateways.map((g) => g.proc));
    const urls = (await Promise.all(gateways.map((g) => g.ready))).map((text) => /listening on (http:\/\/[\d.]+:\d+)/.exec(text)![1]);
    expect(gateways[0].stderr()).toContain('detector: moat detect (exchanges to stream moat:exchanges)');
    // and a decision API for LiteLLM publishing its call pairs to the same stream
    const serve = moat(['serve', '--redis', redis.url, '--exchange-stream', '--port', '0'], 'listening on');
    procs.push(serve.proc);
    const serveUrl = /listening on (http:\/\/[\d.]+:\d+)/.exec(await serve.ready)![1];
    expect(serve.stderr()).toContain('detector: moat detect (exchanges to stream moat:exchanges)');
    const out = join(dir, 'out');
    // the accounts side file: two records and a bad line now, one more signs up while it runs
    const accountsFile = join(dir, 'accounts.jsonl');
    writeFileSync(accountsFile, '{"account":"acct_cli_0","payment_fingerprint":"pm_a"}\n{"account":"acct_cli_1","payment_fingerprint":"pm_a"}\n{"account":"acct_cli_2","verified":"yes"}\n');
    const detect = moat(['detect', '--redis', redis.url, '--out', out, '--resync-ms', '200', '--metrics-port', '0', '--write-every', '1', '--accounts', accountsFile, '--accounts-every', '1'], 'metrics on');
    procs.push(detect.proc);
    const metricsUrl = /metrics on (http:\/\/[\d.]+:\d+)\/metrics/.exec(await detect.ready)![1];

    let sent = 0;
    for (let round = 0; round < 5; round++) {
      for (const [i, k] of keys.entries()) {
        const res = await fetch(urls[(round + i) % 2] + '/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: `question ${round} of ${k.account}` }] }),
        });
        await res.text();
        expect(res.status).toBe(200);
        sent++;
      }
    }
    const guardrail = (input_type: string, texts: string[]) =>
      fetch(serveUrl + '/beta/litellm_basic_guardrail_api', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ texts, input_type, litellm_call_id: 'call-1', request_data: { user_api_key_hash: 'a'.repeat(64) } }),
      }).then((r) => r.status);
    expect(await guardrail('request', ['What is 17*23?'])).toBe(200);
    expect(await guardrail('response', ['391'])).toBe(200);
    sent++;
    const raw = new Redis(redis.url);
    const streamLines = async (): Promise<number> => {
      let n = 0;
      for (const [, fields] of await raw.xrange('moat:exchanges', '-', '+')) n += fields[1].split('\n').filter((l) => l.length > 0).length;
      return n;
    };
    // every exchange is in the stream (published after its response ended), then one bad entry
    for (let t = 0; t < 400 && (await streamLines()) < sent; t++) await new Promise((r) => setTimeout(r, 25));
    expect(await streamLines()).toBe(sent);
    // each gateway counts its appends
    const appended = await Promise.all(urls.map(async (u) => Number(/moat_gateway_stream_entries_total (\d+)/.exec(await (await fetch(u + '/metrics')).text())![1])));
    expect(appended.every((n) => n > 0)).toBe(true);
    await raw.xadd('moat:exchanges', '*', 'l', '{"id": "bad", "ts": "yesterday", "account": "acct_bad", "messages": []}\n');
    // the stream carries hashed keys only
    const streamText = JSON.stringify(await raw.xrange('moat:exchanges', '-', '+'));
    for (const k of keys) expect(streamText).not.toContain(k.key);
    expect(streamText).toContain('kh_');
    await new Promise((r) => setTimeout(r, 500));
    raw.disconnect();
    // while it runs: Prometheus counters, health, and a snapshot of the scan files (--write-every 1)
    const metrics = await (await fetch(metricsUrl + '/metrics')).text();
    expect(metrics).toContain(`moat_detect_exchanges_total ${sent}`);
    expect(metrics).toContain('moat_detect_quarantined_total 1');
    expect(metrics).toContain('moat_detect_accounts 5');
    const health = (await (await fetch(metricsUrl + '/healthz')).json()) as { ok: boolean; exchanges: number };
    expect(health).toMatchObject({ ok: true, exchanges: sent });
    expect((await fetch(metricsUrl + '/other')).status).toBe(404);
    appendFileSync(accountsFile, '{"account":"acct_cli_3","payment_fingerprint":"pm_b"}\n');
    await new Promise((r) => setTimeout(r, 2200));
    expect((JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as { account_records: number }).account_records).toBe(3);
    const snapshot = readFileSync(join(out, 'accounts.jsonl'), 'utf8').trim().split('\n');
    expect(snapshot).toHaveLength(5);
    detect.proc.kill('SIGTERM');
    expect(await exited(detect.proc)).toBe(0);
    expect(detect.stderr()).toMatch(new RegExp(`stopped: ${sent} exchanges, 5 accounts, 0 flagged, \\d+ verdicts written, 1 quarantined`));

    const accounts = readFileSync(join(out, 'accounts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { account: string; exchanges: number; verdict: string });
    const viaGateways = accounts.filter((a) => a.account.startsWith('acct_cli_'));
    expect(viaGateways.map((a) => [a.account, a.exchanges, a.verdict]).sort()).toEqual(keys.map((k) => [k.account, 5, 'clear']).sort());
    expect(accounts.filter((a) => !a.account.startsWith('acct_cli_')).map((a) => a.exchanges)).toEqual([1]); // the LiteLLM call
    // moat report draws what moat detect wrote, as it does a scan's
    const report = await runInProcess([registerReport], ['report', out, '--quiet', '--include-clear']);
    expect(report.code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('acct_cli_0');
    const q = readFileSync(join(out, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; field: string; reason: string });
    // the accounts file's bad line once (it was read twice), the stream's bad entry once
    expect(q).toHaveLength(2);
    expect(q[0]).toMatchObject({ file: accountsFile, line: 3, field: 'verified' });
    expect(q[1]).toMatchObject({ file: 'redis:moat:exchanges', line: sent + 1, field: 'ts' });
    for (const p of [...gateways, serve]) p.proc.kill('SIGTERM');
    await Promise.all([...gateways, serve].map((p) => exited(p.proc)));
  }, 60_000);
});

describe('moat gateway --accounts (real process)', () => {
  it('reads the accounts file for its own detector and logs each bad line with file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moat-gw-accounts-'));
    const mock = await startMockUpstream();
    try {
      const file = join(dir, 'accounts.jsonl');
      writeFileSync(file, '{"account":"acct_1","payment_fingerprint":"pm_x"}\n{"account":"acct_2","created_at":"last week"}\n{"account":"acct_3","email_domain":"x.example"}\n');
      for (const [extra, where] of [[[], 'event loop'], [['--detector-thread'], 'worker thread']] as const) {
        const gw = moat(['gateway', '--upstream', mock.url, '--accounts', file, '--port', '0', '--young-gen', '0', ...extra], 'listening on');
        try {
          const text = await gw.ready;
          expect(text).toContain(`detector: on (${where}, 2 account records)`);
          const logged = text.split('\n').filter((l) => l.includes('accounts file: line quarantined')).map((l) => JSON.parse(l) as { file: string; line: number; field: string });
          expect(logged).toEqual([expect.objectContaining({ file, line: 2, field: 'created_at' })]);
        } finally {
          gw.proc.kill('SIGTERM');
          await exited(gw.proc);
        }
      }
    } finally {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

