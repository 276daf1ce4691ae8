/**
 * One account's live state while the simulator runs: its schedule, its current session (endpoint,
 * task, system prompt) and how to render its next exchange as one JSON line. Rendering is plain
 * string concatenation over pre-escaped fragments: the hot path of `moat simulate`.
 */
import type { AccountPlan } from './plan.js';
import { ELICIT_STYLES } from './plan.js';
import type { Endpoint } from './net.js';
import { CAPABILITIES, escapeInner, type PromptItem, type PromptPools } from './prompts.js';
import { ESCAPED, paraphrase } from './elicitation.js';
import { MODEL_JSON } from './models.js';
import { Rng } from './rng.js';
import { advance, startSchedule, type ScheduleState } from './schedule.js';
import { isoParts } from './time.js';
import { flat, intStr, isAscii } from './strings.js';

const TOOL_RESULTS = [
  'exit code 0\\n12 passed, 1 failed',
  'FAILED tests/test_api.py::test_pagination - AssertionError',
  '{\\"status\\":\\"ok\\",\\"items\\":3}',
  'src/server.ts:41:  const page = Number(req.query.page)',
  'Traceback (most recent call last):\\n  File \\"main.py\\", line 8',
  'HTTP 200 (1.2 KB)',
  'diff --git a/lib/cache.py b/lib/cache.py\\n+    self._lock = Lock()',
];
const ASSISTANT_STEPS = [
  'Let me inspect the relevant file.',
  'Running the tests to see the failure.',
  'I will apply a fix and re-run.',
  'Checking the output of the last command.',
];

/** JSON fragment for a string that needs no escaping (ids and keys the simulator made), else escaped. */
function safe(s: string): string {
  return /^[\w.:-]*$/.test(s) ? s : escapeInner(s);
}

/**
 * Per-account runner. Call `line()` for the exchange at `t`, then `nextEvent()`. The runner is
 * its own random generator and its own schedule state: one object per account on the hot path.
 */
export class AccountRunner extends Rng implements ScheduleState {
  readonly plan: AccountPlan;
  t = 0;
  left = 0;
  gap = 0;
  step = 0;
  batch = -1;
  rBase = 0;
  rMax = 0;
  sc = 0;
  private readonly rng: Rng;
  private readonly pools: PromptPools;
  private readonly adoptAt: number;
  private readonly newShare: number;
  private readonly miniShare: number;
  private readonly accountJson: string;
  private readonly keyJson: readonly string[];
  private endpoint: Endpoint;
  private task: PromptItem | null = null;
  private system = '';
  private ua: string;
  /** Flattened `","account":…,"key":…,"ip":…,"user_agent":…[,"system":…]` for the current session. */
  private head = '';
  /** head, the template prefix and the user agents are ASCII. */
  private headAscii = true;
  private readonly prefixAscii: boolean;
  private benchIndex: number;

  constructor(plan: AccountPlan, seed: number, pools: PromptPools) {
    super(seed);
    this.plan = plan;
    this.pools = pools;
    this.rng = this;
    this.adoptAt = plan.model.adoptAt;
    this.newShare = plan.model.newShare;
    this.miniShare = plan.model.miniShare;
    this.accountJson = flat(`","account":"${safe(plan.id)}"`);
    this.keyJson = plan.keys.map((k) => flat(`,"key":"${safe(k)}"`));
    this.endpoint = plan.net.endpoints[0];
    this.ua = plan.content.userAgents[0];
    this.prefixAscii = isAscii(plan.content.prefix);
    this.benchIndex = pools.bench.length > 0 ? this.rng.int(pools.bench.length) : 0;
    startSchedule(plan, this, this);
    if (this.t !== Infinity) this.newSession();
  }

  /** Advance to the next exchange time (Infinity when done). (Not `next`: that is the Rng draw.) */
  nextEvent(): number {
    advance(this.plan, this, this);
    if (this.t !== Infinity && this.step === 0) this.newSession();
    return this.t;
  }

  private newSession(): void {
    const { net, content } = this.plan;
    const rng = this.rng;
    if (net.mode === 'rotate' || net.mode === 'pool') this.endpoint = rng.pick(net.endpoints);
    else this.endpoint = net.wander > 0 && rng.next() < net.wander ? rng.pick(net.endpoints) : net.endpoints[0];
    this.ua = content.userAgents.length > 1 && rng.next() < 0.15 ? rng.pick(content.userAgents) : content.userAgents[0];
    this.system = content.systems.length > 0 ? rng.pick(content.systems) : '';
    this.task = content.agent ? this.pickItem() : null;
    const key = this.keyJson[this.keyJson.length > 1 && rng.next() < 0.1 ? 1 : 0];
    this.head = flat(this.accountJson + key + this.endpoint.json + this.ua + (this.system ? ',"system":"' + this.system + '"' : ''));
    this.headAscii = this.prefixAscii && isAscii(this.head);
  }

  private pickItem(): PromptItem {
    const c = this.plan.content;
    const rng = this.rng;
    const bench = this.pools.bench;
    if (c.benchShare > 0 && bench.length > 0 && rng.next() < c.benchShare) {
      const item = bench[this.benchIndex];
      this.benchIndex = (this.benchIndex + 1) % bench.length;
      return item;
    }
    const pool = this.pools.byCategory[CAPABILITIES[rng.weighted(c.mix)]];
    return pool[rng.int(pool.length)];
  }

  /**
   * Render the exchange at state.t as one JSON line (with trailing newline), pushed as pieces onto
   * `out` (joined once per chunk: no per-piece string building on the hot path). Returns whether
   * the line is pure ASCII.
   */
  line(idPrefix: string, id: string, out: string[]): boolean {
    out.push('{"id":"', idPrefix, id);
    return this.body(out);
  }

  /**
   * The line after its id: from `","ts":"` to the newline. The sharded generator (shard.ts)
   * renders bodies on worker threads and the merge puts the ids in front. Returns `line`'s flag.
   */
  body(out: string[]): boolean {
    const plan = this.plan;
    const c = plan.content;
    const rng = this.rng;
    const t = this.t;
    const agentStep = c.agent && this.step > 0;
    const item = c.agent && this.task ? this.task : this.pickItem();

    // Elicitation (harvesting wording) on a share of exchanges.
    let elicit = -1;
    let text = '';
    let withAnswer = false;
    if (c.elicitShare > 0 && !agentStep && rng.next() < c.elicitShare) {
      elicit = rng.weighted(c.styles);
      const style = ELICIT_STYLES[elicit];
      text = c.paraphrase && style !== 'rubric' ? escapeInner(paraphrase(rng)) : rng.pick(ESCAPED[style]);
      withAnswer = style === 'rubric' || style === 'explain';
    }
    const inner = item.content.length + c.prefix.length + (elicit >= 0 ? 4 + text.length + (withAnswer ? 22 + item.answer.length : 0) : 0);

    // Model: the new release once adopted, else base or mini.
    const model = t >= this.adoptAt && rng.next() < this.newShare ? MODEL_JSON.next : rng.next() < this.miniShare ? MODEL_JSON.mini : MODEL_JSON.base;

    const ceiling = elicit >= 0 && rng.next() < c.ceilingShare;
    const maxTokens = ceiling ? c.ceiling : c.maxTokens[rng.int(c.maxTokens.length)];
    const reasoning = elicit >= 0 ? rng.next() < 0.9 : rng.next() < c.reasoningShare;

    // Tokens, status, latency.
    const inputTokens = ((item.chars + inner - item.content.length + this.system.length) >> 2) + (agentStep ? 150 + 40 * this.step : 8);
    let outTokens = Math.round(rng.lognormal(elicit >= 0 ? c.elicitOutMedian : c.outMedian, 0.8));
    if (maxTokens > 0 && outTokens > maxTokens) outTokens = maxTokens;
    let reasoningTokens = reasoning ? Math.round(outTokens * rng.uniform(0.5, 3)) : 0;
    let status = 200;
    let output = item.answer;
    if (c.errorRate > 0 && rng.next() < c.errorRate) {
      status = rng.next() < 0.8 ? 429 : rng.pick([500, 503, 529]);
      outTokens = 0;
      reasoningTokens = 0;
      output = '';
    } else if (maxTokens > 0 && outTokens === maxTokens) {
      output = item.answerCut;
    }
    const latency = status === 200 ? Math.round(250 + (outTokens + reasoningTokens) * rng.uniform(8, 20)) : Math.round(rng.uniform(20, 300));

    out.push('","ts":"');
    isoParts(t, out);
    out.push(
      this.head,
      model,
      item.tools,
      maxTokens > 0 ? ',"max_tokens":' : '',
      maxTokens > 0 ? intStr(maxTokens) : '',
      reasoning ? ',"reasoning":true,"messages":[{"role":"user","content":"' : ',"reasoning":false,"messages":[{"role":"user","content":"',
      c.prefix,
      item.content,
    );
    if (elicit >= 0) {
      if (withAnswer) out.push('\\n\\nReference answer: ', item.answer);
      out.push('\\n\\n', text);
    }
    if (agentStep) {
      out.push(
        '"},{"role":"assistant","content":"',
        ASSISTANT_STEPS[this.step % ASSISTANT_STEPS.length],
        '"},{"role":"tool","content":"',
        TOOL_RESULTS[rng.int(TOOL_RESULTS.length)],
      );
    }
    out.push(
      '"}],"output":"',
      output,
      '","input_tokens":',
      intStr(inputTokens),
      ',"output_tokens":',
      intStr(outTokens),
      ',"reasoning_tokens":',
      intStr(reasoningTokens),
      ',"status":',
      intStr(status),
      ',"latency_ms":',
      intStr(latency),
      '}\n',
    );
    return this.headAscii && item.ascii && isAscii(text);
  }
}
