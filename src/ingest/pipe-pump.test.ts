import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pumpPipe } from './pipe-pump.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-pump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function fifo(): string {
  const f = join(dir, `p${n++}.fifo`);
  execFileSync('mkfifo', [f]);
  return f;
}

/** A writer in another process (`script` gets the FIFO's path as process.argv[1]); `exited` resolves when it ends. */
function writer(path: string, script: string) {
  const child = spawn(process.execPath, ['-e', script, path], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  return { child, exited };
}

/** Block this thread (no event loop turn) for `ms`. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('pumpPipe', () => {
  it('delivers every byte in order, and keeps draining the pipe while the consumer is busy', async () => {
    const path = fifo();
    // 8 MiB of numbered lines, written in 64 KiB pieces
    const w = writer(path, `const fs=require('fs');const fd=fs.openSync(process.argv[1],'w');let s='';for(let i=0;i<400000;i++)s+=String(i).padStart(20,'0')+'\\n';const b=Buffer.from(s);for(let o=0;o<b.length;o+=65536)fs.writeSync(fd,b.subarray(o,Math.min(b.length,o+65536)));fs.closeSync(fd);`);
    const blocks: Buffer[] = [];
    let first = true;
    for await (const b of pumpPipe(path)) {
      blocks.push(b);
      if (first) {
        first = false;
        // the consumer's thread is busy; a read on it could not run, the pump's thread can
        blockFor(600);
      }
    }
    await w.exited;
    const text = Buffer.concat(blocks).toString();
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(400000);
    for (let i = 0; i < lines.length; i += 9973) expect(lines[i]).toBe(String(i).padStart(20, '0'));
    expect(lines[399999]).toBe(String(399999).padStart(20, '0'));
    // what the pump read during the pause came in 1 MiB blocks, not 64 KiB pipe reads
    expect(Math.max(...blocks.map((b) => b.length))).toBe(1 << 20);
  });

  it('hands over a small write at once when the consumer is waiting (a slow writer is not held back)', async () => {
    const path = fifo();
    const w = writer(path, `const fs=require('fs');const fd=fs.openSync(process.argv[1],'w');let i=0;const t=setInterval(()=>{fs.writeSync(fd,'line '+i+'\\n');if(++i===5){clearInterval(t);fs.closeSync(fd);}},150);`);
    const got: Array<{ text: string; at: number }> = [];
    const t0 = Date.now();
    for await (const b of pumpPipe(path)) got.push({ text: b.toString(), at: Date.now() - t0 });
    await w.exited;
    expect(got.map((g) => g.text).join('')).toBe('line 0\nline 1\nline 2\nline 3\nline 4\n');
    // five writes 150 ms apart arrive as (about) five blocks, each as it was written
    expect(got.length).toBeGreaterThanOrEqual(4);
    expect(got[0].at).toBeLessThan(got[got.length - 1].at - 300);
  });

  it('a consumer that stops early ends the pump even while the writer is silent', async () => {
    const path = fifo();
    const w = writer(path, `const fs=require('fs');const fd=fs.openSync(process.argv[1],'w');fs.writeSync(fd,'first\\n');setTimeout(()=>fs.closeSync(fd),5000);`);
    const t0 = Date.now();
    for await (const b of pumpPipe(path)) {
      expect(b.toString()).toBe('first\n');
      break;
    }
    expect(Date.now() - t0).toBeLessThan(3000);
    w.child.kill();
  });

  it('a path that cannot be read is an error with its code', async () => {
    await expect(async () => {
      for await (const b of pumpPipe(dir)) void b;
    }).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
