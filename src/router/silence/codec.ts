// The JSON form silences are stored in; matchers are rebuilt (and regexes recompiled) on load.
import { isMatchType, newMatcher } from '../../model/matcher.js';
import type { Matcher } from '../../model/matcher.js';
import type { Silence } from './types.js';

interface StoredSilence {
  id: string;
  matchers: Array<{ name: string; type: string; value: string }>;
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
  annotations?: Record<string, string>;
}

/** Serialises a silence for the store. */
export function encodeSilence(s: Silence): string {
  const stored: StoredSilence = {
    id: s.id,
    matchers: s.matchers.map((m) => ({ name: m.name, type: m.type, value: m.value })),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    updatedAt: s.updatedAt,
    createdBy: s.createdBy,
    comment: s.comment,
    ...(s.annotations && { annotations: { ...s.annotations } }),
  };
  return JSON.stringify(stored);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decodeMatcher(v: unknown): Matcher | undefined {
  if (!isRecord(v)) return undefined;
  const { name, type, value } = v;
  if (
    typeof name !== 'string' ||
    typeof type !== 'string' ||
    typeof value !== 'string' ||
    !isMatchType(type)
  ) {
    return undefined;
  }
  try {
    return newMatcher(name, type, value);
  } catch {
    return undefined;
  }
}

/** Parses a stored silence; undefined when the row is unreadable (it is then ignored). */
export function decodeSilence(text: string): Silence | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v) || typeof v['id'] !== 'string' || !Array.isArray(v['matchers'])) return undefined;
  const matchers = v['matchers'].map(decodeMatcher);
  if (matchers.some((m) => m === undefined)) return undefined;
  const num = (k: string): number => (typeof v[k] === 'number' ? v[k] : NaN);
  const str = (k: string): string => (typeof v[k] === 'string' ? v[k] : '');
  const s: Silence = {
    id: v['id'],
    matchers: matchers.filter((m): m is Matcher => m !== undefined),
    startsAt: num('startsAt'),
    endsAt: num('endsAt'),
    updatedAt: num('updatedAt'),
    createdBy: str('createdBy'),
    comment: str('comment'),
    ...(isRecord(v['annotations']) && { annotations: v['annotations'] as Record<string, string> }),
  };
  if (!Number.isFinite(s.startsAt) || !Number.isFinite(s.endsAt) || !Number.isFinite(s.updatedAt))
    return undefined;
  return s;
}
