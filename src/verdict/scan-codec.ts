/**
 * Compact wire form of the worker → main batches of the two-thread scan. A batch is a
 * Float64Array (transferred, not copied) with a fixed row of slots per exchange, one string
 * holding the per-record unique text (id, ts) back to back, and the strings first seen in this
 * batch. Repeated strings (account, key hash, IP, user agent, model, capability lists, template
 * skeletons…) travel once and then as an index into a table both sides grow in the same order;
 * the table is cleared on both sides when it reaches `tableCap` entries (bounded memory). The
 * skeletons repeat (one per template) and hold "…": in the per-record text they made the whole
 * string two-byte, twice the bytes to flatten and post.
 * NaN marks an absent field (JSON has no NaN, so no real value is NaN).
 *
 * Exchanges travel without their text fields (messages, system, tools, output: only the signal
 * extractor reads them, and it ran on the worker), except the system prompt's first 81 characters
 * (the engine shows them as an indicator's text); every other contract field keeps its exact
 * value; fields outside the contract ride along as JSON (rare).
 */
import type { Exchange } from '../core/exchange.js';
import type { ExchangeSignals, TemplateAssigner } from '../signals/index.js';

/** Contract fields of an exchange the codec carries; the rest of the contract is TEXT_FIELDS. */
export const CARRIED_FIELDS = ['id', 'ts', 'account', 'key', 'ip', 'asn', 'country', 'user_agent', 'model', 'max_tokens', 'reasoning', 'input_tokens', 'output_tokens', 'reasoning_tokens', 'status', 'latency_ms'] as const;
/** Contract fields dropped before posting (read only by the signal extractor). */
export const TEXT_FIELDS = ['messages', 'system', 'tools', 'output'] as const;

/**
 * A contract field (CARRIED_FIELDS or TEXT_FIELDS)? A switch: V8 compares the interned key
 * strings by pointer, cheaper than a Set lookup for every key of every exchange.
 * @example isContractField('ip') // true
 */
export function isContractField(f: string): boolean {
  switch (f) {
    case 'id': case 'ts': case 'account': case 'key': case 'ip': case 'asn': case 'country': case 'user_agent': case 'model': case 'max_tokens':
    case 'reasoning': case 'input_tokens': case 'output_tokens': case 'reasoning_tokens': case 'status': case 'latency_ms':
    case 'messages': case 'system': case 'tools': case 'output':
      return true;
    default:
      return false;
  }
}

/** Every field of ExchangeSignals (compile error here when the type gains one the codec lacks). */
const SIG_FIELDS = ['capability', 'capabilities', 'elicitation', 'templateId', 'systemId', 'skeleton', 'simhash', 'promptChars', 'toolCount', 'agentic', 'turns'] as const;
const ALL_SIGNALS: [Exclude<keyof ExchangeSignals, (typeof SIG_FIELDS)[number]>] extends [never] ? true : false = true;
void ALL_SIGNALS;

// slots of one row
const ASN = 0, MAX_TOKENS = 1, IN_TOK = 2, OUT_TOK = 3, RS_TOK = 4, STATUS = 5, LATENCY = 6, REASONING = 7;
const ACCOUNT = 8, KEY = 9, IP = 10, COUNTRY = 11, UA = 12, MODEL = 13, EXTRA = 14;
const CAP = 15, CAPS = 16, ELIC = 17, TPL = 18, SYS = 19, SIM0 = 20, SIM1 = 21, CHARS = 22, TOOLS = 23, AGENTIC = 24, TURNS = 25;
const ID_LEN = 26, TS_LEN = 27, SKEL = 28;
// template framing keys, when the reader leaves the (order-dependent) template mining to the decoder
const TPL_SK = 29, TPL_WHOLE = 30;
// the system prompt's first SYSTEM_CHARS characters: the engine shows up to 80 as an indicator's text, and the 81st tells it to cut
const SYSTEM = 31;
const ROW = 32;
const SYSTEM_CHARS = 81;
/** Table references of a row: account, key, ip, country, user agent, model, capability, capabilities, elicitation, skeleton, system prompt. */
const REFS = 11;

/** One encoded batch (what crosses the thread boundary). */
export interface WireBatch {
  n: number;
  nums: Float64Array<ArrayBuffer>;
  text: string;
  /** Strings added to the table by this batch, in order. */
  fresh: string[];
  /** Clear the table before adding `fresh`. */
  reset: boolean;
  /** JSON of fields outside the contract, by EXTRA slot. */
  extras: string[];
  /** The rows carry template framing keys (prefix, suffix, whole) to mine, not template ids. */
  mine: boolean;
}

/** Template framing keys of a batch, 3 numbers an exchange: prefix key, suffix key, whole (1/0). */
export type TemplateKeys = ArrayLike<number>;

const DEFAULT_CAP = 200_000;

/** Encoder side: an account's table index and its last per-exchange strings with their indexes (NaN: absent). */
interface AccountMemo {
  account: number;
  key: string | undefined;
  keyAt: number;
  ip: string | undefined;
  ipAt: number;
  country: string | undefined;
  countryAt: number;
  ua: string | undefined;
  uaAt: number;
  model: string | undefined;
  modelAt: number;
  system: string | undefined;
  systemAt: number;
}

/**
 * Worker side. Stateful: batches must be decoded in the order they were encoded.
 * @example const enc = createEncoder(); port.postMessage(enc(exchanges, signals), [wire.nums.buffer])
 */
export function createEncoder(tableCap = DEFAULT_CAP): (exchanges: readonly Exchange[], signals: readonly ExchangeSignals[], keys?: TemplateKeys) => WireBatch {
  const table = new Map<string, number>();
  // Per account: its table index and the last key / IP / country / user agent / model / system
  // prompt it sent with their indexes. An account usually repeats them, so an equal string (`===`)
  // reuses the index: one Map lookup (the account) instead of seven. Valid while the table is; cleared with it.
  const memos = new Map<string, AccountMemo>();
  return (exchanges, signals, keys) => {
    const n = exchanges.length;
    const nums = new Float64Array(n * ROW);
    const fresh: string[] = [];
    const extras: string[] = [];
    let reset = false;
    // at most REFS new strings a row
    if (table.size + n * REFS > tableCap) {
      table.clear();
      memos.clear();
      reset = true;
    }
    const ref = (s: string | undefined): number => {
      if (s === undefined) return NaN;
      let i = table.get(s);
      if (i === undefined) {
        i = table.size;
        table.set(s, i);
        fresh.push(s);
      }
      return i;
    };
    const num = (v: number | undefined): number => (v === undefined ? NaN : v);
    let text = '';
    for (let k = 0; k < n; k++) {
      const ex = exchanges[k];
      const s = signals[k];
      const o = k * ROW;
      nums[o + ASN] = num(ex.asn);
      nums[o + MAX_TOKENS] = num(ex.max_tokens);
      nums[o + IN_TOK] = num(ex.input_tokens);
      nums[o + OUT_TOK] = num(ex.output_tokens);
      nums[o + RS_TOK] = num(ex.reasoning_tokens);
      nums[o + STATUS] = num(ex.status);
      nums[o + LATENCY] = num(ex.latency_ms);
      nums[o + REASONING] = ex.reasoning === undefined ? NaN : ex.reasoning ? 1 : 0;
      let m = memos.get(ex.account);
      if (m === undefined) {
        // undefined ↔ NaN, as ref() maps an absent field
        m = { account: ref(ex.account), key: undefined, keyAt: NaN, ip: undefined, ipAt: NaN, country: undefined, countryAt: NaN, ua: undefined, uaAt: NaN, model: undefined, modelAt: NaN, system: undefined, systemAt: NaN };
        memos.set(ex.account, m);
      }
      nums[o + ACCOUNT] = m.account;
      if (ex.key !== m.key) m.keyAt = ref((m.key = ex.key));
      nums[o + KEY] = m.keyAt;
      if (ex.ip !== m.ip) m.ipAt = ref((m.ip = ex.ip));
      nums[o + IP] = m.ipAt;
      if (ex.country !== m.country) m.countryAt = ref((m.country = ex.country));
      nums[o + COUNTRY] = m.countryAt;
      if (ex.user_agent !== m.ua) m.uaAt = ref((m.ua = ex.user_agent));
      nums[o + UA] = m.uaAt;
      if (ex.model !== m.model) m.modelAt = ref((m.model = ex.model));
      nums[o + MODEL] = m.modelAt;
      if (ex.system !== m.system) m.systemAt = (m.system = ex.system) ? ref(m.system.length > SYSTEM_CHARS ? m.system.slice(0, SYSTEM_CHARS) : m.system) : NaN;
      nums[o + SYSTEM] = m.systemAt;
      let extra: Record<string, unknown> | null = null;
      for (const f in ex) {
        if (isContractField(f)) continue;
        extra ??= {};
        extra[f] = (ex as Record<string, unknown>)[f];
      }
      nums[o + EXTRA] = extra === null ? NaN : extras.push(JSON.stringify(extra)) - 1;
      nums[o + CAP] = ref(s.capability);
      nums[o + CAPS] = ref(s.capabilities.join(','));
      nums[o + ELIC] = ref(s.elicitation.join(','));
      if (keys === undefined) nums[o + TPL] = s.templateId;
      else {
        nums[o + TPL] = keys[3 * k];
        nums[o + TPL_SK] = keys[3 * k + 1];
        nums[o + TPL_WHOLE] = keys[3 * k + 2];
      }
      nums[o + SYS] = s.systemId;
      nums[o + SIM0] = s.simhash[0];
      nums[o + SIM1] = s.simhash[1];
      nums[o + CHARS] = s.promptChars;
      nums[o + TOOLS] = s.toolCount;
      nums[o + AGENTIC] = s.agentic ? 1 : 0;
      nums[o + TURNS] = s.turns;
      nums[o + ID_LEN] = ex.id.length;
      nums[o + TS_LEN] = ex.ts.length;
      nums[o + SKEL] = ref(s.skeleton);
      text += ex.id + ex.ts;
    }
    return { n, nums, text, fresh, reset, extras, mine: keys !== undefined };
  };
}

const NO_MESSAGES: Exchange['messages'] = [];

/**
 * Per exchange of a decoded batch, the table entry of its account, and one number a table entry
 * that the consumer may set (-1 until then; back to -1 when the table is cleared). The scan keeps
 * the engine's account index there, so a repeated account skips a Map lookup by its id string.
 */
export interface AccountSlots {
  /** Table entry of exchange k's account. */
  refs: Int32Array;
  /** By table entry: the consumer's number for that account string, or -1. */
  slots: Int32Array;
}

/**
 * Main-thread side: exchanges (messages = [], absent fields undefined), their signals and their
 * account slots. Batches that carry template keys get their ids from `miner` (shared by the
 * decoders of a reader pool, which are called in log order).
 * @example const dec = createDecoder(); const [exchanges, signals] = dec(wire)
 */
export function createDecoder(miner?: TemplateAssigner): (wire: WireBatch) => [Exchange[], ExchangeSignals[], AccountSlots] {
  let table: string[] = [];
  // capability / elicitation lists, split once per table entry and shared (the engine only reads them)
  let lists: Array<string[] | undefined> = [];
  let slots = new Int32Array(1024).fill(-1);
  return (w) => {
    if (w.reset) {
      table = [];
      lists = [];
      slots.fill(-1);
    }
    for (const s of w.fresh) table.push(s);
    if (table.length > slots.length) {
      const grown = new Int32Array(Math.max(table.length, 2 * slots.length)).fill(-1);
      grown.set(slots);
      slots = grown;
    }
    const refs = new Int32Array(w.n);
    const { n, nums, text } = w;
    if (w.mine && miner === undefined) throw new Error('scan codec: a batch with template keys needs a miner to decode');
    const exchanges: Exchange[] = new Array(n);
    const signals: ExchangeSignals[] = new Array(n);
    const str = (v: number): string | undefined => (v !== v ? undefined : table[v]);
    const num = (v: number): number | undefined => (v !== v ? undefined : v);
    const list = <T>(v: number): T[] => (lists[v] ??= table[v] === '' ? [] : table[v].split(',')) as T[];
    let at = 0;
    for (let k = 0; k < n; k++) {
      const o = k * ROW;
      const id = text.slice(at, (at += nums[o + ID_LEN]));
      const ts = text.slice(at, (at += nums[o + TS_LEN]));
      const skeleton = table[nums[o + SKEL]];
      const r = nums[o + REASONING];
      refs[k] = nums[o + ACCOUNT];
      const ex: Exchange = {
        id, ts, account: table[nums[o + ACCOUNT]], key: str(nums[o + KEY]), ip: str(nums[o + IP]), asn: num(nums[o + ASN]),
        country: str(nums[o + COUNTRY]), user_agent: str(nums[o + UA]), model: str(nums[o + MODEL]), max_tokens: num(nums[o + MAX_TOKENS]),
        reasoning: r !== r ? undefined : r === 1, input_tokens: num(nums[o + IN_TOK]), output_tokens: num(nums[o + OUT_TOK]),
        reasoning_tokens: num(nums[o + RS_TOK]), status: num(nums[o + STATUS]), latency_ms: num(nums[o + LATENCY]), messages: NO_MESSAGES,
      };
      const sys = nums[o + SYSTEM];
      if (sys === sys) ex.system = table[sys];
      const x = nums[o + EXTRA];
      if (x === x) Object.assign(ex, JSON.parse(w.extras[x]));
      exchanges[k] = ex;
      signals[k] = {
        capability: table[nums[o + CAP]] as ExchangeSignals['capability'],
        capabilities: list(nums[o + CAPS]),
        elicitation: list(nums[o + ELIC]),
        templateId: w.mine ? miner!.assign(nums[o + TPL], nums[o + TPL_SK], nums[o + TPL_WHOLE] === 1) : nums[o + TPL], systemId: nums[o + SYS], skeleton,
        simhash: [nums[o + SIM0], nums[o + SIM1]],
        promptChars: nums[o + CHARS], toolCount: nums[o + TOOLS], agentic: nums[o + AGENTIC] === 1, turns: nums[o + TURNS],
      };
    }
    return [exchanges, signals, { refs, slots }];
  };
}
