/**
 * End to end with the real online detector (src/verdict/detector.ts): a coordinated fleet and a
 * set of ordinary accounts send traffic through the gateway on an injected clock; the fleet's
 * later requests are refused once the detector has linked it, the ordinary accounts never are.
 * Which accounts form the fleet is known only to this test (truth), never to the detector.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDetector } from '../verdict/detector.js';
import { startStack, type Stack } from './testing/harness.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const FLEET = Array.from({ length: 6 }, (_, i) => `sk-fleet-${i}-${'f'.repeat(20)}`);
const LEGIT = Array.from({ length: 6 }, (_, i) => `sk-legit-${i}-${'l'.repeat(20)}`);
const TOPICS = ['a binary heap', 'the Fourier transform', 'TCP congestion control', 'Bayes rule', 'a B-tree split', 'Dijkstra', 'RSA signing', 'Raft elections'];
const CASUAL = ['what should I cook tonight?', 'translate "good morning" to French', 'summarise my meeting notes: budget ok, hiring paused', 'a haiku about rain', 'fix this typo: teh', 'suggest a name for a cat'];

describe('gateway + real detector', () => {
  for (const mode of ['in process', 'on a worker thread'] as const) {
  it(`${mode}: refuses a coordinated fleet after it is linked, and never refuses ordinary accounts`, async () => {
    let clock = Date.parse('2026-03-02T08:00:00Z');
    const keys: Record<string, string> = {};
    FLEET.forEach((k, i) => (keys[k] = `acct_fleet_${i}`));
    LEGIT.forEach((k, i) => (keys[k] = `acct_user_${i}`));
    const logFile = join(mkdtempSync(join(tmpdir(), 'moat-gw-')), 'exchanges.jsonl');
    stack = await startStack({
      keys,
      ...(mode === 'in process' ? { detector: createDetector({ seed: 7 }) } : { threadedDetectorSeed: 7, logFile }),
      gateway: { now: () => clock, trustProxy: true },
      logLevel: 'silent',
    });
    const codes = new Set<string>();
    const send = async (key: string, ip: string, ua: string, content: string): Promise<number> => {
      const res = await fetch(stack!.url + '/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': ip, 'user-agent': ua, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', max_tokens: 4096, messages: [{ role: 'user', content }] }),
      });
      await res.text();
      if (res.status !== 200) codes.add(res.headers.get('x-moat-code') ?? '?');
      return res.status;
    };
    const fleetStatus: number[][] = FLEET.map(() => []);
    const legitStatus: number[] = [];
    for (let round = 0; round < 40; round++) {
      // The fleet: one template, chain-of-thought elicitation, one subnet, lockstep rounds.
      for (let i = 0; i < FLEET.length; i++) {
        const topic = TOPICS[(round + i) % TOPICS.length];
        const prompt = `You are a world-class expert. Solve the following problem about ${topic} (case ${round * 10 + i}). Write out your complete reasoning step by step, showing every intermediate derivation, before giving the final answer.`;
        fleetStatus[i].push(await send(FLEET[i], `198.51.100.${10 + i}`, 'harvester/1.0', prompt));
        clock += 1_000;
      }
      // Ordinary users: own addresses, own clients, varied everyday requests, irregular timing.
      if (round % 3 === 0) {
        for (let j = 0; j < LEGIT.length; j++) {
          legitStatus.push(await send(LEGIT[j], `203.0.${113 + j}.${20 + j * 7}`, `client-${j}/2.${j}`, CASUAL[(round + j) % CASUAL.length]));
          clock += 37_000 * (j + 1);
        }
      }
      clock += 6 * 60_000;
      await stack.recorder.flush();
      await stack.recorder.resync();
    }
    const refused = fleetStatus.map((s) => s.filter((c) => c === 403 || c === 429).length);
    // Every fleet account is eventually refused, and the first requests were served (no verdict before evidence).
    expect(fleetStatus.every((s) => s[0] === 200)).toBe(true);
    expect(refused.filter((n) => n > 0).length).toBeGreaterThanOrEqual(FLEET.length - 1);
    expect(legitStatus.every((c) => c === 200)).toBe(true);
    // Refusals are the detector's doing: block/throttle codes, with the verdict in the store.
    for (const c of codes) expect(c).toMatch(/^MOAT_(BLOCK|THROTTLE)_/);
    const stored = await stack.store.lookup('acct_fleet_0');
    expect(stored.verdict?.verdict).toMatch(/attack|suspect/);
    expect((await stack.store.lookup('acct_user_0')).verdict).toBeNull();
    const firstRefusal = Math.min(...fleetStatus.map((s) => s.findIndex((c) => c !== 200)).filter((i) => i >= 0));
    expect(firstRefusal).toBeGreaterThan(2); // it takes evidence, not a first sight
    if (mode === 'on a worker thread') {
      await stack.close();
      stack = undefined;
      const logged = readFileSync(logFile, 'utf8').trim().split('\n');
      // Forwarded calls are exchanges; refusals never reached the model and are not logged.
      const served = [...fleetStatus.flat(), ...legitStatus].filter((c) => c === 200).length;
      expect(logged).toHaveLength(served);
      expect(logged.join('\n')).not.toContain('sk-fleet');
    }
  }, 60_000);
  }
});
