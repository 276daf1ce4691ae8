/**
 * Binary min-heap of (time, slot) pairs: the merge that keeps the simulator's output time-ordered
 * while each account's schedule is generated lazily. Ties go to the lower slot, so the order is
 * fully deterministic.
 */
export class TimeHeap {
  private keys: Float64Array;
  private slots: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.slots = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.n;
  }

  /** Time of the smallest entry (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  /** Slot of the smallest entry (-1 when empty). */
  peekSlot(): number {
    return this.n > 0 ? this.slots[0] : -1;
  }

  /**
   * @example const h = new TimeHeap(); h.push(5, 0); h.push(2, 1); h.pop() // 1
   */
  push(time: number, slot: number): void {
    if (this.n === this.keys.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(time, slot, this.keys[p], this.slots[p])) break;
      this.keys[i] = this.keys[p];
      this.slots[i] = this.slots[p];
      i = p;
    }
    this.keys[i] = time;
    this.slots[i] = slot;
  }

  /** Remove the smallest entry and return its slot (-1 when empty). */
  pop(): number {
    if (this.n === 0) return -1;
    const top = this.slots[0];
    const n = --this.n;
    if (n > 0) this.siftDown(this.keys[n], this.slots[n]);
    return top;
  }

  /** Replace the smallest entry's time (same slot) and restore order: cheaper than pop+push. */
  replaceTop(time: number): void {
    this.siftDown(time, this.slots[0]);
  }

  private siftDown(time: number, slot: number): void {
    const n = this.n;
    const keys = this.keys;
    const slots = this.slots;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(keys[r], slots[r], keys[l], slots[l])) c = r;
      if (!this.less(keys[c], slots[c], time, slot)) break;
      keys[i] = keys[c];
      slots[i] = slots[c];
      i = c;
    }
    keys[i] = time;
    slots[i] = slot;
  }

  private less(ta: number, sa: number, tb: number, sb: number): boolean {
    return ta < tb || (ta === tb && sa < sb);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.keys = keys;
    this.slots = slots;
  }
}
