/**
 * Synchronized activity (SynchroTrap / CopyCatch style) inside a group of accounts: a time window
 * is "lockstep" when a large share of the group is active in it. Each account keeps a ring of its
 * recent activity windows (src/sketch/store.ts), so this costs O(members × ring).
 */
export interface LockstepResult {
  /** Share of the members' recent activity windows that were lockstep windows. */
  share: number;
  /** Number of distinct lockstep windows. */
  windows: number;
}

/**
 * @param windowsOf recent activity windows of one member
 * @param minActive a window is lockstep when at least this many members are active in it
 * @example lockstep([[1,2,3],[1,2,3],[1,2,9]], 3) // {share: 6/9, windows: 2}
 */
export function lockstep(windowsOf: number[][], minActive: number): LockstepResult {
  const counts = new Map<number, number>();
  let total = 0;
  for (const ws of windowsOf) {
    for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1);
    total += ws.length;
  }
  let hit = 0;
  let windows = 0;
  for (const c of counts.values()) {
    if (c >= minActive) {
      hit += c;
      windows++;
    }
  }
  return { share: total ? hit / total : 0, windows };
}
