/**
 * String interning: maps strings to dense small integers so sketches can store ids in typed
 * arrays. Ids are assigned in first-seen order, so the same input gives the same ids.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /**
   * @example const i = new Interner(); i.id('coding') // 0; i.id('math') // 1; i.id('coding') // 0
   */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** Id if already interned, else -1 (never allocates). */
  peek(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  name(id: number): string {
    return this.names[id] ?? '';
  }

  get size(): number {
    return this.names.length;
  }
}
