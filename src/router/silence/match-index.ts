// An index of silences by one equality matcher each, so that finding the silences that may
// match a label set costs one lookup per label instead of a scan over every silence.
import type { Labels } from '../../model/labels.js';
import type { Silence } from './types.js';

function pairKey(name: string, value: string): string {
  return `${name}\u0000${value}`;
}

/** The key a silence is indexed under: its first `name="value"` matcher with a non-empty value. */
function indexKey(s: Silence): string | undefined {
  // An empty value also matches alerts without the label, which a label lookup would miss.
  const m = s.matchers.find((x) => x.type === '=' && x.value !== '');
  return m && pairKey(m.name, m.value);
}

/** Candidate lookup for silences; callers still check matchers and state. */
export class SilenceMatchIndex {
  private readonly byPair = new Map<string, Map<string, Silence>>();
  private readonly unindexed = new Map<string, Silence>();
  private readonly keyOf = new Map<string, string | undefined>();

  /** Adds or replaces a silence. */
  add(s: Silence): void {
    this.remove(s.id);
    const key = indexKey(s);
    this.keyOf.set(s.id, key);
    if (key === undefined) {
      this.unindexed.set(s.id, s);
      return;
    }
    let bucket = this.byPair.get(key);
    if (!bucket) {
      bucket = new Map();
      this.byPair.set(key, bucket);
    }
    bucket.set(s.id, s);
  }

  /** Removes a silence by ID; a no-op when absent. */
  remove(id: string): void {
    if (!this.keyOf.has(id)) return;
    const key = this.keyOf.get(id);
    this.keyOf.delete(id);
    if (key === undefined) {
      this.unindexed.delete(id);
      return;
    }
    const bucket = this.byPair.get(key);
    bucket?.delete(id);
    if (bucket?.size === 0) this.byPair.delete(key);
  }

  /** Every silence that could match `labels`. */
  *candidates(labels: Labels): Iterable<Silence> {
    yield* this.unindexed.values();
    for (const name in labels) {
      const bucket = this.byPair.get(pairKey(name, labels[name] ?? ''));
      if (bucket) yield* bucket.values();
    }
  }

  /** How many silences are indexed. */
  get size(): number {
    return this.keyOf.size;
  }
}
