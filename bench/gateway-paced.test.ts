import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { askChild, childGone, tellChild } from './gateway-paced.js';

const kids: ChildProcess[] = [];
afterEach(() => {
  for (const k of kids.splice(0)) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
});

/** A real node child with an IPC channel, running `script`. */
function child(script: string): ChildProcess {
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  kids.push(proc);
  return proc;
}

describe('tellChild / askChild (IPC to bench children)', () => {
  it('a child that has exited: both reject naming it and its exit code, instead of "Channel closed"', async () => {
    const proc = child('process.exit(3)');
    await once(proc, 'exit');
    await expect(tellChild(proc, 'reset', 'floor (probe reset)')).rejects.toThrow(/^floor \(probe reset\) is gone \(exit 3\) before the request$/);
    await expect(askChild(proc, 'read', 5_000, 'floor (probe read)')).rejects.toThrow(/^floor \(probe read\) is gone \(exit 3\) before the request$/);
    expect(proc.listenerCount('message') + proc.listenerCount('error')).toBe(0);
  });

  it('a child killed by a signal: named with the signal', async () => {
    const proc = child('setInterval(() => {}, 1000)');
    proc.kill('SIGKILL');
    await once(proc, 'exit');
    expect(childGone(proc, 'moat')?.message).toBe('moat is gone (exit SIGKILL) before the request');
    await expect(tellChild(proc, 'reset', 'moat (probe reset)')).rejects.toThrow('moat (probe reset) is gone (exit SIGKILL) before the request');
  });

  it('a live child that closed its IPC channel: rejects, "IPC channel closed"', async () => {
    const proc = child('process.disconnect(); setInterval(() => {}, 1000)');
    if (proc.connected) await once(proc, 'disconnect');
    expect(proc.exitCode).toBeNull();
    await expect(tellChild(proc, 'reset', 'moat (probe reset)')).rejects.toThrow(/^moat \(probe reset\) is gone \(IPC channel closed\) before the request$/);
  });

  it('a live child: tellChild resolves once sent, askChild resolves with the answer', async () => {
    const proc = child(`process.on('message', (m) => { if (m === 'read') process.send({ resets }); else resets++; }); let resets = 0;`);
    expect(childGone(proc, 'floor')).toBeUndefined();
    await tellChild(proc, 'reset', 'floor (probe reset)');
    await expect(askChild(proc, 'read', 5_000, 'floor (probe read)')).resolves.toEqual({ resets: 1 });
    proc.disconnect();
  });
});
