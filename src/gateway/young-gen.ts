/**
 * The gateway's young generation. Recording and the online detector allocate ~40 KB an exchange,
 * most of it short-lived; with Node's default semi-space (16 MB) the gateway scavenges every
 * ~160 ms at 2,000 req/s, 2–4 ms a time on the event loop, which is what its p99 latency
 * measured (docs/benchmarks.md, Gateway). A bigger semi-space makes scavenges 4× rarer at about
 * the same pause (their cost is the live objects, not the dead ones).
 *
 * V8 fixes the semi-space size when the process starts (`v8.setFlagsFromString` after start has
 * no effect on it), so `moat gateway` relaunches itself once with `--max-semi-space-size`, unless
 * the flag is already given (in the node arguments or NODE_OPTIONS) or the size is 0.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const FLAG = '--max-semi-space-size';
/** `moat gateway --young-gen` default, MB (the bench's moat children get the same). */
export const DEFAULT_YOUNG_GEN_MB = 64;
/** Set in the relaunched process so it never relaunches again. */
const MARK = 'MOAT_GATEWAY_RELAUNCHED';

/**
 * Whether the process must relaunch to get a `mb` MB semi-space: pure, for tests.
 * @example
 * needsRelaunch(64, [], {}); // true
 * needsRelaunch(64, ['--max-semi-space-size=32'], {}); // false: the operator chose
 * needsRelaunch(0, [], {}); // false: turned off
 */
export function needsRelaunch(mb: number, execArgv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  if (!(mb > 0) || env[MARK] === '1') return false;
  const given = (s: string): boolean => s === FLAG || s.startsWith(FLAG + '=') || s.startsWith('--max_semi_space_size');
  if (execArgv.some(given)) return false;
  return !(env.NODE_OPTIONS ?? '').split(/\s+/).some(given);
}

/**
 * Run this same command again in a child node with a `mb` MB semi-space, stdio shared, signals
 * forwarded; resolves with the exit code to leave with (128 + signal number when killed).
 * @example
 * if (needsRelaunch(64, process.execArgv, process.env)) process.exitCode = await relaunch(64);
 */
export function relaunch(mb: number): Promise<number> {
  // Its own process group (detached): a Ctrl-C in the terminal reaches this process only, which
  // forwards it once, so the gateway gets exactly the signals this process got (a second SIGINT
  // to it means "stop now", not "stop").
  const child = spawn(process.execPath, [`${FLAG}=${mb}`, ...process.execArgv, ...process.argv.slice(1)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, [MARK]: '1' }, detached: true });
  const forward = (sig: NodeJS.Signals) => (): void => {
    child.kill(sig);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handlers = signals.map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise((resolve) => {
    const done = (code: number): void => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code);
    };
    child.on('error', () => done(1));
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 + (constants.signals[signal] ?? 1) : 1)));
  });
}

/**
 * In the relaunched process: call `stop` when the launching process is gone (its IPC channel
 * closes, e.g. it was SIGKILLed), so the gateway never outlives it. No-op elsewhere.
 * @example onParentGone(() => void stop());
 */
export function onParentGone(stop: () => void): void {
  if (process.env[MARK] !== '1' || !process.channel) return;
  process.channel.unref(); // the channel alone does not keep the gateway alive
  process.once('disconnect', stop);
}
