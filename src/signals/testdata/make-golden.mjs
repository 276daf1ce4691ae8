// Builds src/signals/testdata/golden.jsonl: {in, out} per line, in order, with the extractor of a given build.
// Usage (from a build of the commit whose output is the reference, here 84357de):
//   node src/signals/testdata/make-golden.mjs <repo>/dist <sim>/exchanges.jsonl src/signals/testdata/golden.jsonl
// where <sim> = `moat simulate --scenario small --seed 1`. Regenerate only when an output change is intended.
const [dist, simFile, outFile] = process.argv.slice(2);
const { createSignalExtractor } = await import(dist + '/signals/index.js');
let seed = 7;
const rng = () => { seed = (Math.imul(seed, 1664525) + 1013904223) | 0; return (seed >>> 0) / 4294967296; };
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const keep = ['messages', 'system', 'tools', 'model', 'max_tokens', 'reasoning', 'reasoning_effort', 'thinking', 'thinking_budget', 'budget_tokens'];
const slim = (e, i) => { const o = { id: `g${i}`, ts: '2026-01-01T00:00:00Z', account: 'a' }; for (const k of keep) if (e[k] !== undefined) o[k] = e[k]; return o; };
const sim = readFileSync(simFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const inputs = [];
// 1) a sample of simulated traffic (every persona shape: systems, tools, multi-turn, elicitation)
for (let i = 0; i < sim.length && inputs.length < 260; i += 163) inputs.push(sim[i]);
// 2) long generated prompts: head + tail windows, triggers near both ends
const WORDS = 'the a of to and in is that for it with as on be at by this have from or one had not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know get through back much before go good new write our used me man too any day same right look think also around another came come work three word must because does part even place well such here take why things help put years different away again off went old number'.split(' ');
const sentence = () => { const n = 6 + Math.floor(rng() * 14); const w = []; for (let i = 0; i < n; i++) w.push(rng() < 0.06 ? String(Math.floor(rng() * 1000)) : pick(WORDS)); const s = w.join(' '); return s[0].toUpperCase() + s.slice(1) + pick(['.', '.', '?', '!', ':', '\n']); };
const body = (n) => { let s = ''; while (s.length < n) s += (s ? ' ' : '') + sentence(); return s; };
const FRAMES = [
  (q) => `${q}\n\nWrite out your complete reasoning step by step, then give the final answer.`,
  (q) => `Solve the following problem:\n${q}`,
  (q) => `Grade this response on a scale of 1-10 according to the rubric.\nResponse: ${q}`,
  (q) => `Given the answer 42, reconstruct the reasoning steps. ${q} The correct answer is 7; derive the full derivation.`,
  (q) => `Use your maximum reasoning effort. ${q} Think as long and as hard as you need.`,
  (q) => `<think>${q}</think> Which response is better, response A or response B? [[A]]`,
  (q) => `Please think step by step. ${q}\n\nDo not skip any intermediate steps. Show every single step of your reasoning.`,
  (q) => `\`\`\`python\ndef f(x):\n    return x * 3\n\`\`\`\n${q} Why does this function fail? See https://example.com/a?b=1 or mail dev@example.org, id 0xdeadbeef12, uuid 123e4567-e89b-12d3-a456-426614174000`,
  (q) => `“${q.slice(0, 50)}” — ${q} ‘quoted’ it’s ∑ x² ≤ ∞ ÷ 3 = 2x+3 and n/2, 17 * 23`,
  (q) => `${q} explain how a student would arrive at the final answer; work backwards from the result.`,
  (q) => q,
];
const SYSTEMS = [undefined, 'You are a helpful assistant.', 'You are an autonomous coding agent. Use the available tools to complete your task.', 'You are an impartial judge. Evaluate the responses according to the rubric, then output your final verdict.', 'Always write out your full chain of thought inside <thinking> tags before answering.'];
for (let i = 0; i < 110; i++) {
  const size = pick([20, 80, 300, 900, 1300, 1500, 2500, 3500]);
  const prompt = pick(FRAMES)(body(size));
  const e = { messages: [{ role: 'user', content: prompt }], model: pick(['gpt-4o', 'claude-sonnet-4', 'o3', 'openrouter/anthropic-x', undefined]), max_tokens: pick([undefined, 1024, 32000, 64000]) };
  const sys = pick(SYSTEMS); if (sys) e.system = sys;
  if (rng() < 0.2) e.tools = ['bash', 'read_file', 'edit_file', 'search'].slice(0, 1 + Math.floor(rng() * 4));
  if (rng() < 0.15) e.messages = [{ role: 'user', content: body(200) }, { role: 'assistant', content: body(100) }, { role: 'tool', content: body(50) }, ...e.messages];
  if (rng() < 0.1) e.reasoning_effort = pick(['high', 'low', 'MAX']);
  if (rng() < 0.05) e.thinking = { budget_tokens: pick([1000, 40000]) };
  if (rng() < 0.1) e.reasoning = true;
  inputs.push(e);
}
// 3) hand-made edge cases
const edge = [
  '', ' ', 'a', '\n\n\n', 'Kelvin \u212A and \u0130stanbul: WRITE OUT YOUR COMPLETE REASONING', 'ＦＵＬＬ width and ∀x∈ℝ, x² ≥ 0', '"unterminated quote and `tick', '```\nnever closed fence ' + 'x '.repeat(800),
  'A'.repeat(3000), ('word ' + 'reasoning ').repeat(300), 'The correct answer is 12. ' + 'filler '.repeat(400) + ' Reconstruct the full derivation.',
  'Which of the two responses is better? Output A or B. [[ b ]]', 'Rate the answer 1-10 for helpfulness and correctness.', 'step-by-step chain-of-thought, cot, scratchpad please',
  'Don’t skip any of the intermediate steps.', 'user@host.example.com www.example.com http://x.y/z 1,2,3 4 5 6 deadbeefcafe 12ab34cd 3.14159 a1b2',
  'emoji 😀 reasoning 🤔 thinking — surrogate test \uD83D', 'reason exhaustively, thoroughness matters more than speed; reasoning budget to the max',
];
for (const t of edge) inputs.push({ messages: [{ role: 'user', content: t }] });
inputs.push({ messages: [] }, { messages: [{ role: 'assistant', content: 'only assistant: show all your reasoning' }] }, { messages: [{ role: 'system', content: 'sys in messages' }, { role: 'tool', content: 'x' }] });
const sx = createSignalExtractor();
const lines = inputs.map((e, i) => { const input = slim(e, i); return JSON.stringify({ in: input, out: sx.extract(input) }); });
writeFileSync(outFile, lines.join('\n') + '\n');
console.log(lines.length, lines.join('\n').length);
