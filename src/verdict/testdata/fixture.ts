/**
 * A tiny hand-made world for detector tests, built deterministically (no simulator): a fleet of
 * harvesting accounts sharing payment instruments, a /24 and a creation wave and asking for full
 * reasoning and rubric grading; a company team sharing a card, an email domain and an office
 * subnet but using the model normally; a university NAT; and independent casual users.
 */
import type { AccountRecord, Exchange } from '../../core/exchange.js';
import { seededRng } from '../../core/rng.js';

export interface Fixture {
  accounts: AccountRecord[];
  exchanges: Exchange[];
  /** Test-side truth: fleet account ids. Never given to the detector. */
  fleet: Set<string>;
}

const TASKS = [
  'What is the derivative of x^3 ln(x)?',
  'Implement binary search in C and handle the empty array.',
  'A train leaves at 09:40 and travels 210 km at 84 km/h. When does it arrive?',
  'Write a SQL query returning the top three customers by order value per region.',
  'Is the argument valid: all cats are mammals; some mammals fly; so some cats fly?',
  'Port this callback code to async/await: fs.readFile(p, cb).',
];
const WORDS = ['amber', 'birch', 'cobalt', 'delta', 'ember', 'fjord', 'garnet', 'harbor', 'indigo', 'juniper', 'kestrel', 'lagoon', 'meadow'];
const CASUAL = [
  'what should I cook tonight with rice and eggs',
  'suggest a name for a grey cat',
  'how do I politely decline a wedding invitation',
  'why does my phone battery drain so fast',
  'write a short birthday message for my aunt',
  'explain the offside rule in football',
  'what is a good stretching routine after running',
];

/**
 * @example const f = buildFixture({ seed: 1 }); f.exchanges.length > 1000
 */
export function buildFixture(opts: { seed?: number; fleet?: number; days?: number; start?: string; independent?: boolean } = {}): Fixture {
  const rng = seededRng(opts.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const start = Date.parse(opts.start ?? '2026-03-02T00:00:00Z');
  const days = opts.days ?? 3;
  const accounts: AccountRecord[] = [];
  const exchanges: Exchange[] = [];
  const fleet = new Set<string>();
  const msg = (content: string) => [{ role: 'user' as const, content }];
  // fleet: 12 accounts, 3 cards, created in one wave the day before, residential /24
  const nFleet = opts.fleet ?? 12;
  // independent: the same harvesting behaviour but nothing shared (own card, domain, network,
  // creation time, prompt wording, random timing)
  const ind = opts.independent === true;
  for (let k = 0; k < nFleet; k++) {
    const account = `fleet_${String(k).padStart(2, '0')}`;
    fleet.add(account);
    accounts.push(
      ind
        ? { account, created_at: new Date(start - (50 + 9 * k) * 86_400_000).toISOString(), email_domain: `own${k}.example`, payment_fingerprint: `pm_own_${k}` }
        : { account, created_at: new Date(start - 86_400_000 + k * 600_000).toISOString(), email_domain: pick(['mailinator.com', 'gmail.com', 'yopmail.com']), payment_fingerprint: `pm_fleet_${k % 3}` },
    );
    const ip = ind ? `10.${k}.7.1` : `203.0.113.${10 + (k % 5)}`;
    const lead = ind ? `${WORDS[k % WORDS.length]} ${WORDS[(k * 7 + 3) % WORDS.length]} ${WORDS[(k * 5 + 1) % WORDS.length]}: ` : '';
    for (let t = start + (ind ? rng() * 3_600_000 : k * 37_000); t < start + days * 86_400_000; t += ind ? 600_000 + Math.floor(rng() * 5_400_000) : 2_400_000 + Math.floor(rng() * 1_200_000)) {
      const r = rng();
      const prompt = lead + pick(TASKS) + (r < 0.6 ? '\n\nWrite out your complete reasoning, then give the final answer.' : r < 0.75 ? '\n\nGrade this response on a scale of 1-10 according to the rubric.' : '');
      exchanges.push({ id: '', ts: new Date(t).toISOString(), account, ip, asn: ind ? 64600 + k : 64500, user_agent: ind ? `client-${k}/1.0` : 'python-requests/2.32.3', model: 'atlas-4', reasoning: true, max_tokens: 32768, messages: msg(prompt), input_tokens: 40, output_tokens: 1800 });
    }
  }
  // company team: 8 accounts, one card, one domain, one office subnet, normal use in office hours
  for (let k = 0; k < 8; k++) {
    const account = `team_${k}`;
    accounts.push({ account, created_at: new Date(start - (400 + k * 30) * 86_400_000).toISOString(), email_domain: 'northwind.example', payment_fingerprint: 'pm_northwind', org: 'northwind' });
    for (let d = 0; d < days; d++) {
      for (let n = 0; n < 12; n++) {
        const t = start + d * 86_400_000 + (8 + rng() * 9) * 3_600_000;
        exchanges.push({ id: '', ts: new Date(t).toISOString(), account, ip: `198.51.100.${k + 2}`, asn: 64501, user_agent: 'OpenAI/JS 5.10.2', model: 'atlas-4', messages: msg(pick(TASKS)), input_tokens: 60, output_tokens: 500 });
      }
    }
  }
  // university NAT: 10 students behind one IP, diverse questions, occasional "step by step"
  for (let k = 0; k < 10; k++) {
    const account = `uni_${k}`;
    accounts.push({ account, created_at: new Date(start - (30 + k) * 86_400_000).toISOString(), email_domain: 'cs.state.example.edu' });
    for (let n = 0; n < 8 * days; n++) {
      const t = start + rng() * days * 86_400_000;
      exchanges.push({ id: '', ts: new Date(t).toISOString(), account, ip: '192.0.2.1', asn: 64502, user_agent: 'Mozilla/5.0', model: 'atlas-4-mini', messages: msg(pick([...CASUAL, ...TASKS])), input_tokens: 30, output_tokens: 300 });
    }
  }
  // casual users
  for (let k = 0; k < 20; k++) {
    const account = `casual_${String(k).padStart(2, '0')}`;
    accounts.push({ account, created_at: new Date(start - (100 + k * 13) * 86_400_000).toISOString(), email_domain: pick(['gmail.com', 'outlook.com']), payment_fingerprint: `pm_c${k}` });
    for (let n = 0; n < 5 * days; n++) {
      const t = start + rng() * days * 86_400_000;
      exchanges.push({ id: '', ts: new Date(t).toISOString(), account, ip: `100.64.${k}.${n % 7}`, asn: 64510 + (k % 4), user_agent: 'Mozilla/5.0', model: 'atlas-4-mini', messages: msg(pick(CASUAL)), input_tokens: 20, output_tokens: 250 });
    }
  }
  exchanges.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.account < b.account ? -1 : 1));
  exchanges.forEach((e, i) => (e.id = `fx-${i}`));
  return { accounts, exchanges, fleet };
}
