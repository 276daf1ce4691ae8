/**
 * Space-saving top-k (Metwally et al. 2005) over a slice of two typed arrays, so a fixed k slots
 * per account live inside one columnar store. Counts over-estimate by at most the evicted count.
 */

/**
 * Count one occurrence of `id` in the k slots starting at `base`. Slot ids are stored +1 so 0
 * means empty.
 * @example const ids = new Uint32Array(4), counts = new Uint32Array(4);
 * spaceSavingAdd(ids, counts, 0, 4, 7); // ids[0] === 8, counts[0] === 1
 */
export function spaceSavingAdd(ids: Uint32Array, counts: Uint32Array, base: number, k: number, id: number): void {
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
      return;
    }
    if (counts[s] < counts[minSlot]) minSlot = s;
  }
  ids[minSlot] = tag;
  counts[minSlot]++;
}

/** The heaviest slot: [id, count], or [-1, 0] when empty. Ties go to the lower slot. */
export function spaceSavingTop(ids: Uint32Array, counts: Uint32Array, base: number, k: number): [number, number] {
  let best = -1;
  let bestCount = 0;
  for (let s = base; s < base + k; s++) {
    if (ids[s] !== 0 && counts[s] > bestCount) {
      best = ids[s] - 1;
      bestCount = counts[s];
    }
  }
  return [best, bestCount];
}
