import { describe, expect, it } from 'vitest';
import { AttributeBuckets } from '../graph/buckets.js';
import { EdgeStore } from '../graph/edges.js';
import { ATTR_SLOTS, SLOT_BASE, type SlotKind } from '../graph/kinds.js';
import { loadConfig } from '../rules/load.js';
import { SketchStore } from '../sketch/store.js';
import { campaignFeatures } from './campaign-features.js';

/**
 * A group of 120 accounts: member k exits through /24s 3k, 3k+1, 3k+2 (mod 180) — 180 thin
 * network values, each shared by two members — and sends templates k and k+1 (mod 60) — 60 values,
 * each shared by four. Every value is held by the group only.
 */
function group() {
  const config = loadConfig();
  const n = 120;
  const store = new SketchStore();
  const attrs = new Int32Array(n * ATTR_SLOTS).fill(-1);
  const buckets = new AttributeBuckets(new EdgeStore(), { fanout: 8, maxBucket: 2000, kindWeights: config.kind_weights });
  const put = (i: number, kind: SlotKind, slot: number, value: string) => { attrs[i * ATTR_SLOTS + SLOT_BASE[kind] + slot] = buckets.join(i, kind, value); };
  const members: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = store.add();
    members.push(i);
    for (let s = 0; s < 3; s++) put(i, 'subnet', s, `100.64.${(3 * k + s) % 180}.0/24`);
    put(i, 'template', 0, String(1000 + (k % 60)));
    put(i, 'template', 1, String(1000 + ((k + 1) % 60)));
  }
  return campaignFeatures(members, 1, {
    store, attrs, buckets, behaviour: new Float32Array(n).fill(0.8), recordOf: () => undefined, templateText: () => '',
    coreCount: (b) => buckets.count[b], config,
  });
}

describe('campaignFeatures: which indicators a campaign keeps', () => {
  const ev = group();
  const of = (kind: string) => ev.indicators.filter((x) => x.kind === kind);

  it('keeps the 50 most shared (here templates, 4 members each), most shared first', () => {
    expect(ev.indicators.slice(0, 50).every((x) => x.kind === 'template' && x.accounts === 4)).toBe(true);
    expect(of('template')).toHaveLength(50);
  });

  it('keeps every network value past the 50th, however thinly shared (a proxy pool)', () => {
    expect(of('subnet')).toHaveLength(180);
    expect(of('subnet').every((x) => x.accounts === 2)).toBe(true);
  });

  it('counts both families', () => {
    expect(ev.families).toEqual(['network', 'template']);
  });
});
