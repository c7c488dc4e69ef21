// The one SQLite store the ruler and the router share, opened on first use and closed last.
import { openStore } from '../store/store.js';
import type { Store } from '../store/store.js';

/** Opens `<storagePath>/vigil.db` lazily so nothing touches the disk before it is needed. */
export class SharedStore {
  #store: Store | undefined;
  #closed = false;

  constructor(private readonly storagePath: string) {}

  /** The open store; opens it on the first call. */
  get(): Store {
    if (this.#closed) throw new Error('the store is closed');
    this.#store ??= openStore(this.storagePath);
    return this.#store;
  }

  /** Commits queued writes and closes the database (idempotent). */
  close(): void {
    this.#closed = true;
    const s = this.#store;
    this.#store = undefined;
    s?.close();
  }
}
