/**
 * What an early connection holds (its socket, its timers) while nobody waits for it: unref'd, so that it never keeps
 * this process alive, until a taker comes, which refs them all (and what it makes from then on stays ref'd).
 */
export class Holds {
  private wanted = false;
  private readonly handles = new Set<{ ref(): unknown; unref(): unknown }>();
  hold<T extends { ref(): unknown; unref(): unknown }>(handle: T): T {
    if (this.wanted) return handle;
    handle.unref();
    this.handles.add(handle);
    return handle;
  }
  want(): void {
    this.wanted = true;
    for (const handle of this.handles) handle.ref();
    this.handles.clear();
  }
}
