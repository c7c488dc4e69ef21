// The ruler's alert state in the store: one row per alerting rule, written on every change.
import type { Migration, Store } from './store.js';
import { jsonTableDDL } from './schema.js';
import type { JsonTable } from './table.js';

/** One persisted alert (the rules engine's `ActiveAlert`; times in ms, 0 = unset). */
export interface PersistedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'inactive' | 'pending' | 'firing';
  readonly value: number;
  readonly activeAtMs: number;
  readonly firedAtMs: number;
  readonly resolvedAtMs: number;
  readonly lastSentAtMs: number;
  readonly validUntilMs: number;
  readonly keepFiringSinceMs: number;
}

/** The alerts of one rule, keyed by group (`file;name`) and rule (name + labels). */
export interface PersistedRuleState {
  readonly groupKey: string;
  readonly ruleKey: string;
  readonly alerts: readonly PersistedAlert[];
}

/** The migration domain of the ruler's tables. */
export const RULER_DOMAIN = 'ruler';
/** Numbered migrations of the ruler's tables; append, never edit. */
export const RULER_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'rule alert state', up: (db) => db.exec(jsonTableDDL('rule_alerts')) },
];

const STATES = new Set(['inactive', 'pending', 'firing']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : v === null ? NaN : 0;
}

function parseAlert(v: unknown): PersistedAlert | undefined {
  if (!isRecord(v) || typeof v['state'] !== 'string' || !STATES.has(v['state'])) return undefined;
  return {
    labels: stringMap(v['labels']),
    annotations: stringMap(v['annotations']),
    state: v['state'] as PersistedAlert['state'],
    value: num(v['value']),
    activeAtMs: num(v['activeAtMs']),
    firedAtMs: num(v['firedAtMs']),
    resolvedAtMs: num(v['resolvedAtMs']),
    lastSentAtMs: num(v['lastSentAtMs']),
    validUntilMs: num(v['validUntilMs']),
    keepFiringSinceMs: num(v['keepFiringSinceMs']),
  };
}

/** Decodes one stored row; rows that do not parse are skipped rather than failing the start. */
export function parseRuleStateRow(text: string): PersistedRuleState | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !isRecord(v) ||
    typeof v['groupKey'] !== 'string' ||
    typeof v['ruleKey'] !== 'string' ||
    !Array.isArray(v['alerts'])
  )
    return undefined;
  const alerts = v['alerts'].map(parseAlert).filter((a): a is PersistedAlert => a !== undefined);
  return { groupKey: v['groupKey'], ruleKey: v['ruleKey'], alerts };
}

/**
 * Alert state persistence for the rules engine (satisfies its `RuleStateStore`): rows are
 * committed in the store's batched transaction at the end of the current tick.
 */
export class RuleStateTable {
  readonly #table: JsonTable;

  constructor(
    store: Pick<Store, 'registerMigrations' | 'table'>,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    store.registerMigrations(RULER_DOMAIN, RULER_MIGRATIONS);
    this.#table = store.table('rule_alerts');
  }

  /** Every stored rule state. */
  loadAll(): PersistedRuleState[] {
    return this.#table
      .all()
      .map((r) => parseRuleStateRow(r.value))
      .filter((s): s is PersistedRuleState => s !== undefined);
  }

  /** Replaces the alerts of one rule. */
  saveRule(groupKey: string, ruleKey: string, alerts: readonly PersistedAlert[]): void {
    this.#table
      .put(`${groupKey}\n${ruleKey}`, JSON.stringify({ groupKey, ruleKey, alerts }))
      .catch(this.onError);
  }

  /** Forgets every rule of a group (the group was removed from the configuration). */
  deleteGroup(groupKey: string): void {
    for (const r of this.#table.all()) {
      if (r.key.startsWith(`${groupKey}\n`)) this.#table.delete(r.key).catch(this.onError);
    }
  }
}
