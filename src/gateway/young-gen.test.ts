import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { needsRelaunch } from './young-gen.js';

describe('needsRelaunch', () => {
  it('relaunches only when a size is asked for and nobody set one', () => {
    expect(needsRelaunch(64, ['--import', 'tsx'], {})).toBe(true);
    expect(needsRelaunch(0, [], {})).toBe(false);
    expect(needsRelaunch(64, ['--max-semi-space-size=32'], {})).toBe(false);
    expect(needsRelaunch(64, ['--max-semi-space-size', '32'], {})).toBe(false);
    expect(needsRelaunch(64, [], { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=16' })).toBe(false);
    expect(needsRelaunch(64, [], { NODE_OPTIONS: '--enable-source-maps' })).toBe(true);
    expect(needsRelaunch(64, [], { MOAT_GATEWAY_RELAUNCHED: '1' })).toBe(false);
  });
});

describe('relaunch', () => {
  it('runs the same command again with the flag, arguments kept, and passes its exit code back', async () => {
    const probe = fileURLToPath(new URL('./testing/relaunch-probe.ts', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_OPTIONS;
      delete env.MOAT_GATEWAY_RELAUNCHED;
      const p = execFile(process.execPath, ['--import', 'tsx', probe, '8', 'x y'], { env }, (_err, out) => resolve({ code: p.exitCode, stdout: out }));
    });
    expect(code).toBe(7);
    const seen = JSON.parse(stdout) as { execArgv: string[]; args: string[] };
    expect(seen.execArgv[0]).toBe('--max-semi-space-size=8');
    expect(seen.execArgv).toContain('tsx');
    expect(seen.args).toEqual(['8', 'x y']);
  }, 20_000);

  it('the relaunched process learns when its parent is killed (SIGKILL: nothing forwarded)', async () => {
    const probe = fileURLToPath(new URL('./testing/relaunch-probe.ts', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'moat-relaunch-'));
    const marker = join(dir, 'gone');
    try {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_OPTIONS;
      delete env.MOAT_GATEWAY_RELAUNCHED;
      const parent = spawn(process.execPath, ['--import', 'tsx', probe, '8', 'x', marker], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => parent.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve()));
      expect(existsSync(marker)).toBe(false);
      parent.kill('SIGKILL');
      const t0 = Date.now();
      while (!existsSync(marker) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(marker)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
