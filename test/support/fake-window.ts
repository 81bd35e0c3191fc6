/**
 * Just enough of a browser window for url-sync in tests: a location, a history of entries with
 * state, scrolling, animation frames and the popstate/hashchange events. Back and Forward are
 * asynchronous, as in browsers. A link clicked is `type`.
 */
export class FakeWindow {
  entries: { path: string; hash: string; state: unknown }[];
  index = 0;
  scrollY = 0;
  private listeners = new Map<string, Set<() => void>>();

  constructor(hash = '') {
    this.entries = [{ path: '/walkthrough/', hash, state: null }];
  }
  private get entry() {
    return this.entries[this.index];
  }
  private go(url: string, state: unknown, push: boolean) {
    const next = url.startsWith('#') ? { path: this.entry.path, hash: url, state } : { path: url, hash: '', state };
    if (push) {
      this.entries = [...this.entries.slice(0, this.index + 1), next];
      this.index++;
    } else this.entries[this.index] = next;
  }
  private traverse(by: number) {
    setTimeout(() => {
      const from = this.entry.hash;
      this.index = Math.max(0, Math.min(this.entries.length - 1, this.index + by));
      this.fire('popstate');
      if (this.entry.hash !== from) this.fire('hashchange');
    }, 0);
  }
  private fire(type: string) {
    for (const f of this.listeners.get(type) ?? []) f();
  }

  get location() {
    return { hash: this.entry.hash, pathname: this.entry.path, search: '' };
  }
  get history() {
    return {
      scrollRestoration: 'auto',
      state: this.entry.state,
      pushState: (state: unknown, _t: string, url: string) => this.go(url, state, true),
      replaceState: (state: unknown, _t: string, url: string) => this.go(url, state, false),
      back: () => this.traverse(-1),
      forward: () => this.traverse(1),
    };
  }
  scrollTo(_x: number, y: number) {
    this.scrollY = y;
  }
  requestAnimationFrame(f: () => void) {
    setTimeout(f, 0);
    return 0;
  }
  addEventListener(type: string, f: () => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(f);
  }
  removeEventListener(type: string, f: () => void) {
    this.listeners.get(type)?.delete(f);
  }
  /** The user types a hash in the address bar or follows a link: a new entry, then the events. */
  type(hash: string) {
    this.go(hash, null, true);
    this.fire('popstate');
    this.fire('hashchange');
  }
}
