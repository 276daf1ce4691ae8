import { describe, expect, it } from 'vitest';
import { Exchange } from '../core/exchange.js';
import { DEFAULT_SIGNAL_CONFIG, TemplateMiner, createSignalExtractor } from '../signals/index.js';
import { CARRIED_FIELDS, TEXT_FIELDS, createDecoder, createEncoder, isContractField } from './scan-codec.js';

const full: Exchange = {
  id: 'e1', ts: '2026-03-02T00:00:00.000Z', account: 'acct_1', key: 'kh_00', ip: '10.0.0.1', asn: 0, country: 'SG',
  user_agent: 'ua/1', model: 'm', max_tokens: 64, reasoning: false, input_tokens: 0, output_tokens: 5, reasoning_tokens: 0,
  status: 200, latency_ms: 1.5, system: 'You are a grader.', tools: ['bash'], output: 'ok',
  messages: [{ role: 'user', content: 'Write out your complete reasoning for 2+2' }],
};

describe('scan codec', () => {
  it('round-trips every contract field the engine may read, drops text fields but the start of the system prompt, keeps extras', () => {
    const sparse = { id: 'e2', ts: '2026-03-02T00:00:01.000Z', account: 'acct_2', messages: [{ role: 'user', content: 'hi' }], org_hint: { a: [1, null] }, n: null } as unknown as Exchange;
    const x = createSignalExtractor();
    const sigs = [x.extract(full), x.extract(sparse)];
    const [exs, back] = createDecoder()(createEncoder()([full, sparse], sigs));
    expect(back).toEqual(sigs);
    const { tools, output, messages, ...rest } = full;
    void tools; void output; void messages;
    expect(exs[0]).toEqual({ ...rest, messages: [] });
    expect(exs[0].asn).toBe(0);
    expect(exs[0].reasoning).toBe(false);
    expect(exs[1]).toEqual({ id: 'e2', ts: '2026-03-02T00:00:01.000Z', account: 'acct_2', messages: [], org_hint: { a: [1, null] }, n: null });
    expect(exs[1].ip).toBeUndefined();
    expect(exs[1].system).toBeUndefined();
  });

  it('carries only the first 81 characters of a long system prompt (the engine shows 80 at most)', () => {
    const long = { ...full, system: 'You are an expert problem solver. '.repeat(10) };
    const [exs] = createDecoder()(createEncoder()([long], [createSignalExtractor().extract(long)]));
    expect(exs[0].system).toBe(long.system.slice(0, 81));
  });

  it('follows an account whose system prompt changes or goes away from one exchange to the next', () => {
    const x = createSignalExtractor();
    const seq = [full, { ...full, id: 'e3', system: 'You are a poet.' }, { ...full, id: 'e4', system: undefined }, { ...full, id: 'e5' }];
    const [exs] = createDecoder()(createEncoder()(seq, seq.map((e) => x.extract(e))));
    expect(exs.map((e) => e.system)).toEqual(['You are a grader.', 'You are a poet.', undefined, 'You are a grader.']);
  });

  it('template keys recorded by two readers and mined at decode, in log order, give the one-reader template ids', () => {
    const word = (n: number): string => String.fromCharCode(97 + (n % 26), 97 + ((n >> 2) % 26), 97 + ((n * 7) % 26), 101);
    // a frame repeated across prompts: ids change once the frame has been seen minSupport times
    const frame = (k: number): Exchange => ({ ...full, id: `f${k}`, system: undefined, messages: [{ role: 'user', content: `${Array.from({ length: 30 }, (_, j) => word(k * 31 + j * 7)).join(' ')}.\n\nWrite out your complete reasoning step by step before the final answer.` }] });
    const exs = Array.from({ length: 12 }, (_, k) => frame(k));
    const one = createSignalExtractor();
    const expected = exs.map((e) => one.extract(e));
    const readers = [0, 1].map(() => {
      const keys: number[] = [];
      const x = createSignalExtractor({}, { assign: (p, s, w) => (keys.push(p, s, w ? 1 : 0), 0) });
      return { x, keys, enc: createEncoder(), dec: null as null | ReturnType<typeof createDecoder> };
    });
    const miner = new TemplateMiner(DEFAULT_SIGNAL_CONFIG.templateTableCap, DEFAULT_SIGNAL_CONFIG.templateMinSupport);
    for (const r of readers) r.dec = createDecoder(miner);
    const got = [];
    for (let piece = 0; piece < 4; piece++) {
      const r = readers[piece % 2];
      const part = exs.slice(piece * 3, piece * 3 + 3);
      r.keys.length = 0;
      const sigs = part.map((e) => r.x.extract(e));
      got.push(...r.dec!(r.enc(part, sigs, r.keys))[1]);
    }
    expect(got.map((s) => s.templateId)).toEqual(expected.map((s) => s.templateId));
    expect(new Set(expected.map((s) => s.templateId)).size).toBeGreaterThan(1); // the miner's state mattered
    expect(() => createDecoder()(readers[0].enc(exs.slice(0, 1), [expected[0]], [1, 2, 0]))).toThrow(/needs a miner/);
  });

  it('knows exactly the contract fields (carried or dropped), nothing else', () => {
    const contract = Object.keys(Exchange.shape).sort();
    expect([...CARRIED_FIELDS, ...TEXT_FIELDS].sort()).toEqual(contract);
    for (const f of contract) expect(isContractField(f)).toBe(true);
    for (const f of ['', 'org_hint', 'Id', 'messages ', 'toString', '__proto__']) expect(isContractField(f)).toBe(false);
  });

  it('shares one split list per distinct capability / elicitation set', () => {
    const x = createSignalExtractor();
    const exs = [full, { ...full, id: 'e3' }];
    const [, sigs] = createDecoder()(createEncoder()(exs, exs.map((e) => x.extract(e))));
    expect(sigs[0].elicitation.length).toBeGreaterThan(0);
    expect(sigs[1].elicitation).toBe(sigs[0].elicitation);
  });

  it('an empty batch stays empty', () => {
    const [exs, sigs, { refs }] = createDecoder()(createEncoder()([], []));
    expect([exs, sigs, refs.length]).toEqual([[], [], 0]);
  });

  it('keeps both string tables in step across batches, also when the table is cleared at its cap', () => {
    const x = createSignalExtractor();
    const enc = createEncoder(40);
    const dec = createDecoder();
    let resets = 0;
    for (let b = 0; b < 12; b++) {
      const exs = Array.from({ length: 3 }, (_, k): Exchange => ({ ...full, id: `e${b}-${k}`, account: `acct_${(b * 3 + k) % 5}`, ip: `10.0.${b}.${k}`, messages: [{ role: 'user', content: `q ${b} ${k} ünïcode 😀` }] }));
      const sigs = exs.map((e) => x.extract(e));
      const wire = enc(exs, sigs);
      if (wire.reset) resets++;
      const [back, backSigs] = dec(wire);
      expect(back.map((e) => [e.id, e.account, e.ip])).toEqual(exs.map((e) => [e.id, e.account, e.ip]));
      expect(backSigs).toEqual(sigs);
    }
    expect(resets).toBeGreaterThan(0);
  });

  it('one account whose signals change, repeat and change back (capability, lists, skeleton) decodes each exchange exactly', () => {
    const x = createSignalExtractor();
    const enc = createEncoder(60);
    const dec = createDecoder();
    const prompts = ['Write out your complete reasoning for 2+2', 'hi', 'Fix this python function: def f(x): return x +', 'hi', 'Grade this answer against the rubric: 4', 'Write out your complete reasoning for 2+2'];
    const kinds = new Set<string>();
    for (let b = 0; b < 8; b++) {
      const exs = prompts.map((content, k): Exchange => ({ ...full, id: `e${b}-${k}`, messages: [{ role: 'user', content: `${content}${b % 3 === 0 ? '' : ` #${b}`}` }] }));
      const sigs = exs.map((e) => x.extract(e));
      for (const sg of sigs) kinds.add(JSON.stringify([sg.capability, sg.capabilities, sg.elicitation, sg.skeleton]));
      const [, backSigs] = dec(enc(exs, sigs));
      expect(backSigs).toEqual(sigs);
    }
    expect(kinds.size).toBeGreaterThan(3);
  });

  it('account slots: one slot per account string, kept across batches, back to -1 when the table is cleared', () => {
    const x = createSignalExtractor();
    const enc = createEncoder(60);
    const dec = createDecoder();
    // what a consumer caches in the slots (as the scan caches engine indexes): a number per account
    const numberOf = new Map<string, number>();
    let hits = 0, afterReset = 0;
    for (let b = 0; b < 24; b++) {
      const exs = Array.from({ length: 3 }, (_, k): Exchange => ({ ...full, id: `e${b}-${k}`, account: `acct_${(b * 3 + k) % 5}`, ip: `10.0.${b}.${k}` }));
      const wire = enc(exs, exs.map((e) => x.extract(e)));
      const [back, , { refs, slots }] = dec(wire);
      back.forEach((e, k) => {
        const cached = slots[refs[k]];
        if (wire.reset && k === 0) { expect(cached).toBe(-1); afterReset++; }
        if (cached >= 0) { expect(cached).toBe(numberOf.get(e.account)); hits++; }
        else slots[refs[k]] = numberOf.get(e.account) ?? numberOf.set(e.account, numberOf.size).size - 1;
      });
    }
    expect(hits).toBeGreaterThan(10);
    expect(afterReset).toBeGreaterThan(0);
  });

  it('round-trips per-account fields that change, repeat and go absent across batches and table resets', () => {
    // deterministic pseudo-random stream: few accounts, each switching key / ip / ua / model / country
    // now and then, sometimes dropping them; prompts long enough for "…" skeletons, some non-ASCII ids
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
    const words = Array.from({ length: 300 }, (_, k) => `w${k.toString(36)}`);
    const x = createSignalExtractor();
    for (const cap of [60, 150, 200_000]) {
      const enc = createEncoder(cap);
      const dec = createDecoder();
      let resets = 0;
      let id = 0;
      for (let b = 0; b < 30; b++) {
        const exs = Array.from({ length: 1 + rnd(9) }, (): Exchange => {
          const a = rnd(6);
          const ex: Exchange = {
            ...full,
            id: rnd(10) === 0 ? `é${id++}` : `e${id++}`,
            account: `acct_${a}`,
            key: rnd(4) === 0 ? undefined : `kh_${a}_${rnd(3)}`,
            ip: rnd(5) === 0 ? undefined : `10.${a}.0.${rnd(3)}`,
            user_agent: rnd(6) === 0 ? undefined : pick(['ua/1', 'ua/2', 'ünï/3']),
            model: pick(['m', 'm2', undefined]),
            country: rnd(3) === 0 ? undefined : pick(['SG', 'FR']),
            messages: [{ role: 'user', content: Array.from({ length: 5 + rnd(80) }, () => pick(words)).join(' ') + pick(['', ' ünïcode 😀', '?']) }],
          };
          for (const f of ['key', 'ip', 'user_agent', 'model', 'country'] as const) if (ex[f] === undefined) delete ex[f];
          return ex;
        });
        const sigs = exs.map((e) => x.extract(e));
        const wire = enc(exs, sigs);
        if (wire.reset) resets++;
        const [back, backSigs] = dec(wire);
        for (let k = 0; k < exs.length; k++) {
          const { tools, output, messages, ...rest } = exs[k];
          void tools; void output; void messages;
          expect(back[k]).toEqual({ ...rest, messages: [] });
          for (const f of ['key', 'ip', 'user_agent', 'model', 'country'] as const) expect(back[k][f]).toBe(exs[k][f]);
        }
        expect(backSigs).toEqual(sigs);
      }
      if (cap === 60) expect(resets).toBeGreaterThan(1);
      if (cap === 200_000) expect(resets).toBe(0);
    }
    expect(x.extract({ ...full, messages: [{ role: 'user', content: Array.from({ length: 300 }, (_, k) => words[k]).join(' ') }] }).skeleton).toMatch(/…/);
  });
});
