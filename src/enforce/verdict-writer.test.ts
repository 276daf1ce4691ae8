import { describe, expect, it } from 'vitest';
import { createMemoryStore, type StateStore } from '../store/index.js';
import { createVerdictWriter } from './verdict-writer.js';

const v = (account: string, verdict: 'clear' | 'suspect' | 'attack', campaign: string | null = null) => ({ account, verdict, campaign, score: verdict === 'clear' ? 0 : 0.8 });

/** A memory store that counts writes and can be made to fail them. */
function countingStore(): StateStore & { writes: number; failing: boolean } {
  const inner = createMemoryStore();
  const s = Object.create(inner) as StateStore & { writes: number; failing: boolean };
  s.writes = 0;
  s.failing = false;
  s.setVerdict = async (account, verdict) => {
    s.writes++;
    if (s.failing) throw new Error('store down');
    return inner.setVerdict(account, verdict);
  };
  s.clearVerdict = async (account) => {
    s.writes++;
    if (s.failing) throw new Error('store down');
    return inner.clearVerdict(account);
  };
  return s;
}

describe('verdict writer', () => {
  it('writes only changes: a first clear is tracked, not written; the same verdict twice is one write', async () => {
    const store = countingStore();
    const w = createVerdictWriter(store);
    expect(w.write(v('a', 'clear'))).toBeUndefined();
    expect(store.writes).toBe(0);
    await w.write(v('a', 'attack', 'C0001'));
    expect(w.write(v('a', 'attack', 'C0001'))).toBeUndefined();
    expect(store.writes).toBe(1);
    expect((await store.lookup('a')).verdict).toMatchObject({ verdict: 'attack', campaign: 'C0001' });
    // back to clear deletes the stored verdict
    await w.write(v('a', 'clear'));
    expect((await store.lookup('a')).verdict).toBeNull();
    expect(w.tracked).toBe(1);
  });

  it('tries a failed write again at the next sight of the same verdict', async () => {
    const store = countingStore();
    const w = createVerdictWriter(store);
    store.failing = true;
    await expect(w.write(v('a', 'suspect'))!).rejects.toThrow('store down');
    store.failing = false;
    await w.write(v('a', 'suspect'));
    expect(store.writes).toBe(2);
    expect((await store.lookup('a')).verdict?.verdict).toBe('suspect');
  });

  it('resync writes the campaign a quiet account joined since its last write, and only that', async () => {
    const store = countingStore();
    const w = createVerdictWriter(store);
    await w.write(v('a', 'attack', null));
    w.write(v('b', 'clear'));
    const detector = {
      verdictOf: (account: string) => ({ ...v(account, account === 'a' ? 'attack' : 'clear'), flagged_at: null, reasons: [] }),
      campaignOf: (account: string) => (account === 'a' ? 'C0002' : null),
    };
    expect(await w.resync(detector)).toBe(1);
    expect((await store.lookup('a')).verdict?.campaign).toBe('C0002');
    expect(await w.resync(detector)).toBe(0);
    expect(store.writes).toBe(2);
  });
});
