import { describe, expect, it } from 'vitest';
import type { AccountRecord, Exchange } from '../core/exchange.js';
import { seededRng } from '../core/rng.js';
import { scanWorld as scan } from './testdata/scan-world.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T00:00:00Z');
/** The fleet's and the students' sign-up week (a cohort bucket: thousands of ordinary sign-ups share one). */
const WEEK = Date.parse('2026-02-20T03:00:00Z');
/** A public puzzle asked word for word by the fleet (a benchmark item) and by students. */
const PUZZLE = 'Estimate how many piano tuners work in a city of two million people, showing each assumption.';
const POOL = ['198.51.100', '203.0.113', '192.0.2', '100.64.1', '100.64.2', '100.64.3'];

/** What the students ask of their own, each a different question. */
const STUDY = [
  'Why does the harmonic series diverge?',
  'Explain how a binary heap keeps its order after a pop.',
  'How does photosynthesis store energy in glucose?',
  'What made the Treaty of Westphalia important?',
  'Derive the formula for compound interest.',
  'Why is the sky blue at noon and red at sunset?',
  'How do vaccines train the immune system?',
  'Compare merge sort and quicksort on nearly sorted input.',
  'What is the difference between weather and climate?',
  'How does a transistor amplify a signal?',
  'Why do prime numbers matter in cryptography?',
  'Summarise the causes of the French Revolution.',
  'What does entropy measure in thermodynamics?',
];

/**
 * A fleet of 12 behind a proxy pool: its script wraps varying tasks in one frame ("Solve the
 * following problem: … Write out your complete reasoning …") and asks the public puzzle on every
 * third call. Beside it, `students` accounts from the same sign-up week, each on its own address,
 * asking the same puzzle word for word and, half the time, their own reasoning questions.
 */
function world(students: number, fleetIp: (k: number, n: number, r: () => number) => string): { exchanges: Exchange[]; records: AccountRecord[] } {
  const r = seededRng(11);
  const out: Exchange[] = [];
  const base = { id: '', model: 'atlas-4', input_tokens: 40 } as const;
  for (let k = 0; k < 12; k++) {
    for (let n = 0; n < 16; n++) {
      const t = START + k * 1_700_000 + n * 4 * HOUR + Math.floor(r() * 3_000_000);
      const content = n % 3 === 2 ? PUZZLE : `Solve the following problem: find the ${k * 16 + n + 3}-th term of the sequence a(n) = ${n + 2}a(n-1) - ${k + 1}.\n\nWrite out your complete reasoning, then give the final answer.`;
      out.push({ ...base, ts: new Date(t).toISOString(), account: `fleet_${k}`, ip: fleetIp(k, n, r), asn: 64500 + Math.floor(r() * 40), user_agent: 'python-requests/2.32.3', reasoning: true, max_tokens: 32768, messages: [{ role: 'user', content }], output_tokens: 1800 });
    }
  }
  for (let k = 0; k < students; k++) {
    for (let n = 0; n < 12; n++) {
      const t = START + Math.floor(n / 4) * 24 * HOUR + [9, 11, 14, 19][n % 4] * HOUR + Math.floor(r() * 5_000_000);
      // their own questions differ at both ends (no shared frame among them)
      const own = `${STUDY[(k * 12 + n) % STUDY.length]} (course ${k}, week ${n}) ${n % 3 === 0 ? 'Write out your complete reasoning.' : `Thanks, ${['Ana', 'Ben', 'Chen', 'Dara'][k % 4]}`}`;
      const content = n % 4 === 1 ? PUZZLE : own;
      out.push({ ...base, ts: new Date(t).toISOString(), account: `student_${k}`, ip: `10.8.${k}.7`, asn: 64200 + k, user_agent: 'Mozilla/5.0', reasoning: n % 3 !== 0, messages: [{ role: 'user', content }], output_tokens: 700 });
    }
  }
  const records: AccountRecord[] = [
    ...Array.from({ length: 12 }, (_, k) => ({ account: `fleet_${k}`, created_at: new Date(WEEK + k * 600_000).toISOString() })),
    // the same sign-up week, different days (each sign-up hour holds one of them)
    ...Array.from({ length: students }, (_, k) => ({ account: `student_${k}`, created_at: new Date(WEEK + (1 + k) * 86_400_000 + k * 900_000).toISOString() })),
  ];
  return { exchanges: out, records };
}

describe('a public question asked word for word is a generic link, a frame around varying tasks is not', () => {
  it('false case: students from the fleet\'s sign-up week who ask its public puzzle word for word, with reasoning questions of their own, are not flagged', () => {
    // sign-up week + the puzzle was a specific template link: the students' own campaign-core
    // behaviour (reasoning requests, reasoning mode) then made them members (5 at seed scale)
    const r = scan(world(4, (k, n, rnd) => `${POOL[Math.floor(rnd() * POOL.length)]}.${1 + Math.floor(rnd() * 200)}`));
    expect(r.accounts.filter((a) => a.account.startsWith('fleet_') && a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
    expect(r.accounts.filter((a) => a.account.startsWith('student_') && a.verdict === 'attack').map((a) => a.account)).toEqual([]);
  });

  it('true case: the fleet on addresses of its own is still a campaign through its frame and sign-up week', () => {
    const r = scan(world(0, (k, n) => `10.${40 + k}.${n % 3}.9`));
    const fleet = r.accounts.filter((a) => a.account.startsWith('fleet_'));
    expect(fleet.filter((a) => a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
    const member = fleet.find((a) => a.verdict === 'attack')!.reasons.find((x) => x.rule === 'campaign-member');
    expect(member?.evidence).toMatch(/template "Solve the following problem/);
  });
});
