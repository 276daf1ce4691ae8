/**
 * Space-saving top-k (Metwally et al. 2005) over a slice of two typed arrays, so a fixed k slots
 * per account live inside one columnar store. Counts over-estimate by at most the evicted count.
 */

/**
 * Count one occurrence of `id` in the k slots starting at `base`. Slot ids are stored +1 so 0
 * means empty. `errs` keeps each slot's over-estimate (the count it inherited on eviction), so
 * counts[s] - errs[s] is a guaranteed lower bound.
 * @example const ids = new Uint32Array(4), counts = new Uint32Array(4), errs = new Uint32Array(4);
 * spaceSavingAdd(ids, counts, errs, 0, 4, 7); // ids[0] === 8, counts[0] === 1
 */
export function spaceSavingAdd(ids: Uint32Array, counts: Uint32Array, errs: Uint32Array, base: number, k: number, id: number): void {
  const tag = id + 1;
  let minSlot = base;
  for (let s = base; s < base + k; s++) {
    if (ids[s] === tag) {
      counts[s]++;
      return;
    }
    if (ids[s] === 0) {
      ids[s] = tag;
      counts[s] = 1;
      errs[s] = 0;
      return;
    }
    if (counts[s] < counts[minSlot]) minSlot = s;
  }
  ids[minSlot] = tag;
  errs[minSlot] = counts[minSlot];
  counts[minSlot]++;
}

/**
 * The slot with the highest guaranteed count: [id, guaranteed count], or [-1, 0] when empty.
 * Ties go to the lower slot.
 */
export function spaceSavingTop(ids: Uint32Array, counts: Uint32Array, errs: Uint32Array, base: number, k: number): [number, number] {
  let best = -1;
  let bestCount = 0;
  for (let s = base; s < base + k; s++) {
    const g = counts[s] - errs[s];
    if (ids[s] !== 0 && g > bestCount) {
      best = ids[s] - 1;
      bestCount = g;
    }
  }
  return [best, bestCount];
}
