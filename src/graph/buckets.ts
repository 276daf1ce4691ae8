/**
 * Attribute buckets: every shared attribute value (a payment fingerprint, a /24 subnet, a
 * template id, a creation hour…) is a bucket of the accounts that have it. Joining a bucket links
 * the new account to at most `fanout` recent members (never all pairs), with a weight that falls
 * as the bucket grows (rarity, IDF-like); buckets past `maxBucket` members stop adding edges and
 * act only as low-weight hyperedges (they still count members for campaign indicators).
 */
import type { IndicatorKind } from '../core/verdict.js';
import { ALL_KINDS, KIND_BITS } from './kinds.js';
import type { EdgeStore } from './edges.js';

export interface BucketOptions {
  fanout: number;
  maxBucket: number;
  /** Base weight of each kind before rarity. */
  kindWeights: Record<IndicatorKind, number>;
  /** Contributions lighter than this add no edge (community detection ignores them anyway). */
  minWeight?: number;
}

/**
 * Rarity factor of a bucket with `count` members: 1 for a handful, ~0.2 at a thousand.
 * @example rarity(5) // ≈ 0.89; rarity(1000) // ≈ 0.20
 */
export function rarity(count: number): number {
  return 1 / (1 + Math.log(1 + count / 20));
}


export class AttributeBuckets {
  /** One map per kind, value → bucket id (no concatenated keys to keep alive). */
  private readonly ids = new Map<IndicatorKind, Map<string, number>>(ALL_KINDS.map((k) => [k, new Map()]));
  readonly keys: string[] = [];
  private kindIdx = new Uint8Array(1024);
  count = new Uint32Array(1024);
  private recent = new Int32Array(1024 * 8);

  constructor(
    private readonly edges: EdgeStore,
    private readonly opts: BucketOptions,
  ) {
    this.recent = new Int32Array(1024 * opts.fanout);
  }

  /** Bucket id of `kind:value` if it exists, else -1. */
  peek(kind: IndicatorKind, value: string): number {
    return this.ids.get(kind)!.get(value) ?? -1;
  }

  /** Kind of bucket `id`. */
  kindOf(id: number): IndicatorKind {
    return ALL_KINDS[this.kindIdx[id]];
  }

  /**
   * Put account `acct` in the bucket of (kind, value); links it to recent members. The caller
   * makes sure an account joins one bucket once. Returns the bucket id.
   */
  join(acct: number, kind: IndicatorKind, value: string): number {
    const map = this.ids.get(kind)!;
    let id = map.get(value);
    if (id === undefined) {
      id = this.keys.length;
      map.set(value, id);
      this.keys.push(value);
      if (id >= this.count.length) this.grow();
      this.kindIdx[id] = ALL_KINDS.indexOf(kind);
    }
    const fan = this.opts.fanout;
    const n = this.count[id];
    if (n > 0 && n < this.opts.maxBucket) {
      const w = this.opts.kindWeights[kind] * rarity(n + 1);
      if (w >= (this.opts.minWeight ?? 0)) {
        const bit = KIND_BITS[kind];
        const m = Math.min(n, fan);
        for (let k = 1; k <= m; k++) this.edges.add(acct, this.recent[id * fan + ((n - k) % fan)], w, bit);
      }
    }
    this.recent[id * fan + (n % fan)] = acct;
    this.count[id] = n + 1;
    return id;
  }

  valueOf(id: number): string {
    return this.keys[id];
  }

  private grow(): void {
    const n = this.count.length * 2;
    const c = new Uint32Array(n); c.set(this.count); this.count = c;
    const k = new Uint8Array(n); k.set(this.kindIdx); this.kindIdx = k;
    const r = new Int32Array(n * this.opts.fanout); r.set(this.recent); this.recent = r;
  }
}
