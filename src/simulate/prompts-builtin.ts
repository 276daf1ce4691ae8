/**
 * The simulator's own small prompt sample, written for Moat (no dataset text). Used when no
 * `--prompts DIR` is given. Grouped by the capability categories that both ordinary users and
 * harvesting campaigns send; `bench` marks benchmark-style items (fixed answer, graded).
 */
import type { Capability } from './prompts.js';

export interface BuiltinPrompt {
  category: Capability;
  prompt: string;
  answer?: string;
  tools?: string[];
  bench?: boolean;
}

const chat = [
  'What is a good name for a grey rescue cat who is shy but curious?',
  'Can you suggest a three-day itinerary for Lisbon on a modest budget?',
  'How do I politely decline a wedding invitation from a coworker?',
  'What should I cook tonight with rice, spinach, eggs and some feta?',
  'Explain the offside rule in football like I am ten.',
  'Is it worth learning to touch type at 40? How long would it take?',
  'Give me five conversation starters for a first day at a new job.',
  'My sourdough starter smells like nail polish remover. Is it dead?',
  'What are some low-effort houseplants for a north-facing flat?',
  'Help me plan a surprise birthday picnic for eight people.',
  'Why does my phone battery drain faster in the cold?',
  'Recommend three board games for two players who like strategy.',
  'How can I get better at remembering names when I meet people?',
  'What is the difference between a latte and a flat white?',
  'Write a short, friendly reminder text about the book club on Thursday.',
  'I keep waking up at 4am. Any tips that are not just "no screens"?',
];

const writing = [
  'Rewrite this sentence so it sounds less passive-aggressive: "As per my last email, the report is late."',
  'Draft a cover letter opening for a junior data analyst role at a logistics firm.',
  'Summarise the plot of a heist story in exactly three sentences, any characters you like.',
  'Write a product description for a reusable bamboo lunch box, under 80 words.',
  'Turn these meeting notes into a tidy list of action items: budget moved to Q3, Sam owns hiring, review docs by Friday.',
  'Write a haiku about a train arriving late in the rain.',
  'Make this paragraph more concise without losing meaning: "In order to be able to make a decision, we will need to first gather all of the relevant information."',
  'Write a polite complaint to a landlord about a broken boiler that has not been fixed for two weeks.',
  'Give me three alternative titles for a blog post about moving to a four-day week.',
  'Write a limerick about a programmer who forgot a semicolon.',
  'Translate into plain English: "We are operationalising synergies across verticals."',
  'Write a 150-word welcome message for new members of a community garden.',
];

const coding = [
  'Write a Python function that returns the n-th Fibonacci number using memoisation.',
  'Why does my React component re-render every time the parent renders, and how do I stop it?',
  'Write a SQL query that returns the top three customers by total order value in each region.',
  'Explain the difference between a process and a thread, with an example in Go.',
  'Write a TypeScript function that deep-merges two plain objects without mutating either.',
  'Fix this bug: my Python loop `for i in range(len(xs)): xs.remove(xs[i])` throws IndexError.',
  'Write a bash one-liner that finds the ten largest files under the current directory.',
  'Implement an LRU cache class in Java with get and put in O(1).',
  'How do I debounce an input handler in vanilla JavaScript?',
  'Write a Rust function that parses "key=value;key2=value2" into a HashMap.',
  'Write unit tests with pytest for a function slugify(title) that lowercases and joins words with dashes.',
  'Convert this callback-style Node.js code to async/await: fs.readFile(p, (err, data) => cb(err, data)).',
  'What is a race condition? Show one in JavaScript and fix it.',
  'Write a regular expression that matches ISO dates like 2024-03-15 and explain each part.',
  'Review this function for performance problems: it builds a string by concatenating in a loop of 1e6 iterations.',
  'Implement binary search on a sorted array of integers in C and handle the empty array.',
  'Write a Dockerfile for a small Flask app that runs as a non-root user.',
  'Write a function is_balanced(s) that checks whether brackets ()[]{} in a string are balanced.',
];

const math = [
  'A shop sells pencils at 3 for $1.20. How much do 14 pencils cost?',
  'A train leaves at 09:40 and travels 210 km at 84 km/h. When does it arrive?',
  'What is the sum of all integers from 1 to 250 that are divisible by 7?',
  'If a rectangle has perimeter 46 and area 120, what are its side lengths?',
  'Maria saves $35 a week. She already has $120. How many weeks until she has $500?',
  'Solve for x: 3(x - 4) + 2 = 5x - 14.',
  'A bag has 5 red, 3 blue and 2 green marbles. Two are drawn without replacement. What is the probability both are red?',
  'How many different 4-letter codes can be made from the letters A-F if letters may not repeat?',
  'A recipe uses 2/3 cup of sugar for 12 cookies. How much sugar for 30 cookies?',
  'Find the derivative of f(x) = x^3 ln(x).',
  'A car depreciates by 15% a year. What is a $24,000 car worth after 3 years?',
  'The mean of five numbers is 18. Four of them are 12, 20, 15 and 25. What is the fifth?',
  'Prove that the square of any odd integer is one more than a multiple of 8.',
  'A tank fills in 6 hours with pipe A and in 9 hours with pipe B. How long with both open?',
];

const knowledge = [
  'Which organelle is the main site of ATP production in eukaryotic cells?\nA. Ribosome\nB. Mitochondrion\nC. Golgi apparatus\nD. Lysosome\nAnswer:',
  'Which of the following is a consequence of a price ceiling set below equilibrium?\nA. Surplus\nB. Shortage\nC. Higher quantity supplied\nD. No effect\nAnswer:',
  'In which year did the Berlin Wall fall?\nA. 1987\nB. 1989\nC. 1991\nD. 1993\nAnswer:',
  'What is the time complexity of building a binary heap from n elements?\nA. O(n log n)\nB. O(n)\nC. O(log n)\nD. O(n^2)\nAnswer:',
  'Which law states that the current through a conductor is proportional to the voltage across it?\nA. Faraday\nB. Ohm\nC. Ampère\nD. Coulomb\nAnswer:',
  'A contract signed under duress is generally:\nA. Void\nB. Voidable\nC. Enforceable\nD. Illegal\nAnswer:',
  'Which of these is not a greenhouse gas?\nA. Methane\nB. Nitrous oxide\nC. Argon\nD. Water vapour\nAnswer:',
  'What does the Krebs cycle primarily produce for the electron transport chain?\nA. Glucose\nB. NADH and FADH2\nC. Oxygen\nD. Lactate\nAnswer:',
  'Explain why the sky is blue in terms of Rayleigh scattering.',
  'What were the main causes of the 2008 financial crisis?',
  'Compare TCP and UDP and give one use case for each.',
  'What is the difference between a virus and a bacterium?',
];

const reasoning = [
  'Three friends each say one true and one false statement about who ate the cake. Work out who did it: A says "B did it, I did not"; B says "C did it, A is lying"; C says "I did not, B did it".',
  'A bat and a ball cost $1.10 together; the bat costs $1 more than the ball. How much is the ball? Explain why the intuitive answer is wrong.',
  'You have two ropes that each burn in 60 minutes unevenly. How do you measure 45 minutes?',
  'Is the following argument valid? All cats are mammals; some mammals fly; therefore some cats fly.',
  'A company doubled revenue but profit fell. Give three plausible explanations and how to tell them apart.',
  'Plan the order of tasks for moving house when the new lease starts before the old one ends.',
  'Which is more likely in a family with two children, given at least one is a boy: two boys, or a boy and a girl?',
  'Design an experiment to test whether a new onboarding email increases week-one retention.',
  'Four people must cross a bridge at night with one torch; they take 1, 2, 5 and 10 minutes. What is the fastest total?',
  'Estimate how many piano tuners work in a city of two million people, showing each assumption.',
];

const toolUse: BuiltinPrompt[] = [
  { category: 'tool_use', prompt: 'What is the weather in Osaka tomorrow and should I bring an umbrella?', tools: ['get_weather'] },
  { category: 'tool_use', prompt: 'Book a table for four at an Italian place near Union Square at 7pm Friday.', tools: ['search_restaurants', 'make_reservation'] },
  { category: 'tool_use', prompt: 'Convert 250 euros to Japanese yen at today\'s rate.', tools: ['get_exchange_rate'] },
  { category: 'tool_use', prompt: 'Find my three most recent unpaid invoices and email the client a reminder.', tools: ['list_invoices', 'send_email'] },
  { category: 'tool_use', prompt: 'Add a meeting with Priya next Tuesday at 10 for 30 minutes and invite Dan.', tools: ['create_event', 'lookup_contact'] },
  { category: 'tool_use', prompt: 'What is the current price of AAPL and its 52-week high?', tools: ['get_stock_quote'] },
  { category: 'tool_use', prompt: 'Calculate the compound interest on 12,000 at 4.5% for 7 years, monthly compounding.', tools: ['calculator'] },
  { category: 'tool_use', prompt: 'Look up the shipping status of order 88231-B and tell me when it will arrive.', tools: ['get_order', 'track_shipment'] },
  { category: 'tool_use', prompt: 'Search the docs for how to rotate an API key and summarise the steps.', tools: ['search_docs'] },
  { category: 'tool_use', prompt: 'Find flights from Madrid to Boston on 14 March under 600 euros, one stop max.', tools: ['search_flights'] },
  { category: 'tool_use', prompt: 'Create a Jira ticket for the login timeout bug and assign it to the on-call engineer.', tools: ['create_issue', 'get_oncall'] },
  { category: 'tool_use', prompt: 'Query the sales table for last month\'s refunds over $500 and chart them by day.', tools: ['run_sql', 'make_chart'] },
];

const agentic: BuiltinPrompt[] = [
  { category: 'agentic', prompt: 'The test suite fails on CI but passes locally. Investigate the repository and fix the cause.', tools: ['bash', 'read_file', 'edit_file', 'grep'] },
  { category: 'agentic', prompt: 'Add pagination to the /users endpoint, update the tests and the OpenAPI spec.', tools: ['read_file', 'edit_file', 'bash', 'list_dir'] },
  { category: 'agentic', prompt: 'Migrate this project from Jest to Vitest and make sure all tests still pass.', tools: ['bash', 'read_file', 'write_file', 'edit_file'] },
  { category: 'agentic', prompt: 'Research three competitors\' pricing pages and produce a comparison table with sources.', tools: ['web_search', 'fetch_url', 'write_file'] },
  { category: 'agentic', prompt: 'Find why memory grows steadily in the worker process and propose a patch.', tools: ['bash', 'read_file', 'grep', 'run_profiler'] },
  { category: 'agentic', prompt: 'Set up a GitHub Actions workflow that lints, tests and builds a Docker image on every push.', tools: ['write_file', 'read_file', 'bash'] },
  { category: 'agentic', prompt: 'Triage the 20 newest open issues: label each, close duplicates and summarise the rest.', tools: ['list_issues', 'get_issue', 'label_issue', 'close_issue'] },
  { category: 'agentic', prompt: 'Upgrade the project to Python 3.12, fix deprecation warnings and update the lock file.', tools: ['bash', 'read_file', 'edit_file'] },
  { category: 'agentic', prompt: 'Clean this CSV of customer records: dedupe, normalise phone numbers, flag invalid emails.', tools: ['python', 'read_file', 'write_file'] },
  { category: 'agentic', prompt: 'Reproduce the crash from the attached stack trace, write a failing test, then fix it.', tools: ['bash', 'read_file', 'edit_file', 'grep'] },
  { category: 'agentic', prompt: 'Navigate to the supplier portal, download last quarter\'s statements and reconcile them.', tools: ['browser_open', 'browser_click', 'download', 'python'] },
  { category: 'agentic', prompt: 'Refactor the payment module to remove the global state and keep behaviour identical.', tools: ['read_file', 'edit_file', 'bash', 'grep'] },
];

const longHorizon: BuiltinPrompt[] = [
  { category: 'long_horizon', prompt: 'Plan and implement a small key-value store with a write-ahead log, snapshots and crash recovery, step by step over several sessions.', tools: ['bash', 'write_file', 'read_file'] },
  { category: 'long_horizon', prompt: 'Build a complete CLI todo app in Go with persistence, tests and a README. Work until everything passes.', tools: ['bash', 'write_file', 'read_file', 'edit_file'] },
  { category: 'long_horizon', prompt: 'Write a literature review on retrieval-augmented generation: gather 15 sources, outline, draft and revise.', tools: ['web_search', 'fetch_url', 'write_file'] },
  { category: 'long_horizon', prompt: 'Port this 3,000-line Python library to TypeScript module by module, keeping the public API.', tools: ['read_file', 'write_file', 'bash'] },
  { category: 'long_horizon', prompt: 'Design, implement and benchmark three caching strategies for the API and recommend one.', tools: ['bash', 'write_file', 'run_benchmark'] },
  { category: 'long_horizon', prompt: 'Create a data pipeline that ingests daily CSV drops, validates them, loads Postgres and alerts on anomalies.', tools: ['bash', 'write_file', 'run_sql'] },
  { category: 'long_horizon', prompt: 'Solve the puzzle game level by level: observe the board, plan moves, act, and replan after each result.', tools: ['observe', 'act'] },
  { category: 'long_horizon', prompt: 'Write a 10-chapter technical tutorial on building a compiler, with working code for every chapter.', tools: ['write_file', 'bash'] },
];

function plain(category: Capability, items: string[], bench = false): BuiltinPrompt[] {
  return items.map((prompt) => ({ category, prompt, bench }));
}

/** Short synthetic answers per category, used when a prompt carries no answer of its own. */
export const BUILTIN_ANSWERS: Readonly<Record<Capability, readonly string[]>> = {
  chat: ['Sure! Here are a few ideas you could try.', 'Good question. The short answer is: it depends on a couple of things.', 'Here is a simple plan that should work.'],
  writing: ['Here is a revised version:', 'Draft:\n\nDear Sir or Madam,', 'Option 1: ...\nOption 2: ...'],
  coding: ['```python\ndef solve(xs):\n    return sorted(set(xs))\n```', 'The issue is that you mutate the list while iterating over it.', '```ts\nexport function merge(a, b) {\n  return { ...a, ...b };\n}\n```'],
  math: ['Step 1: compute the unit price. Step 2: multiply.\nAnswer: 5.60', 'Let x be the unknown. Then 3x - 12 + 2 = 5x - 14, so x = 2.', 'The answer is 42.'],
  knowledge: ['B', 'The answer is B.', 'In short: shorter wavelengths scatter more strongly.'],
  reasoning: ['Let us check each case in turn.', 'First, list the constraints. Then eliminate the impossible orderings.', 'The intuitive answer ignores the difference; the ball costs $0.05.'],
  tool_use: ['{"tool":"call","arguments":{}}', 'I will look that up for you.', 'Calling the function with the parsed parameters.'],
  agentic: ['I will start by reading the failing test output.', 'Running the test suite to reproduce the failure.', 'Applied the patch; re-running checks.'],
  long_horizon: ['Plan: 1) scaffold 2) core logic 3) tests 4) docs. Starting with step 1.', 'Progress update: milestone 2 of 5 complete.', 'Next step: implement recovery and verify with a crash test.'],
};

/** Every built-in prompt (about 130). */
export const BUILTIN_PROMPTS: readonly BuiltinPrompt[] = [
  ...plain('chat', chat),
  ...plain('writing', writing),
  ...plain('coding', coding, true),
  ...plain('math', math, true),
  ...plain('knowledge', knowledge, true),
  ...plain('reasoning', reasoning),
  ...toolUse,
  ...agentic,
  ...longHorizon,
];
