// The state of one configuration build: where each path came from, collected diagnostics, and
// the conversions every section needs (durations, secrets with their *_file twins).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { parseDuration } from '../model/duration.js';
import type { DurationMs } from '../model/duration.js';
import { Secret } from '../model/secret.js';
import type { ConfigCode } from './codes.js';
import type { JsonPath, YamlFile } from './yaml.js';

/** A plain YAML mapping as the schema pass leaves it. */
export type RawMap = Record<string, unknown>;

/** Narrows an unknown value to a plain object (the schema pass has already checked types). */
export function asMap(v: unknown): RawMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as RawMap) : {};
}

/** Narrows an unknown value to an array. */
export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string field, or undefined when absent; numbers and booleans are stringified as Go's YAML does. */
export function optStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A map of strings (labels, headers), values stringified. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asMap(v))) out[k] = optStr(val) ?? '';
  return out;
}

/** Collects diagnostics for a merged config and maps paths back to the file that set them. */
export class BuildContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly sourceOf: (path: JsonPath) => YamlFile | undefined) {}

  /** The file a path was written in ('' when it is not from any file). */
  fileOf(path: JsonPath): string {
    return this.sourceOf(path)?.file ?? '';
  }

  /** The directory relative paths at `path` are resolved against. */
  dirOf(path: JsonPath): string {
    const f = this.fileOf(path);
    return f === '' ? process.cwd() : dirname(f);
  }

  /** Records a diagnostic at the value (or, with `key`, the map key) at `path`. */
  report(severity: Severity, path: JsonPath, message: string, code: ConfigCode, key = false): void {
    const src = this.sourceOf(path);
    this.diagnostics.push({
      severity,
      file: src?.file ?? '',
      ...(src ? { position: src.locate(path, key) } : {}),
      message,
      code,
    });
  }

  /** Records an error. */
  error(path: JsonPath, message: string, code: ConfigCode = 'config.invalid', key = false): void {
    this.report('error', path, message, code, key);
  }

  /** Parses a duration field; reports and returns undefined when invalid. */
  duration(path: JsonPath, v: unknown): DurationMs | undefined {
    if (v === undefined) return undefined;
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
    const r = parseDuration(text);
    if (r.ok) return r.ms;
    this.error(path, r.error, 'config.bad_duration');
    return undefined;
  }

  /** Like `duration`, with a fallback for absent or invalid values. */
  durationOr(path: JsonPath, v: unknown, fallback: DurationMs): DurationMs {
    return this.duration(path, v) ?? fallback;
  }

  /** Reads a `*_file` twin relative to its config file, trimming surrounding whitespace. */
  readSecretFile(path: JsonPath, file: string): Secret | undefined {
    const full = resolve(this.dirOf(path), file);
    try {
      return new Secret(readFileSync(full, 'utf8').trim());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      const why =
        code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
      this.error(path, `unable to read file ${file}: ${why}`, 'config.unreadable_file');
      return undefined;
    }
  }

  /**
   * Builds a secret from `key` or its `key_file` twin in `m` (both set is an error), reading the
   * file at load. Returns the secret and the file's absolute path.
   */
  secret(
    m: RawMap,
    key: string,
    path: JsonPath,
    fileKey = `${key}_file`,
  ): { secret?: Secret; file?: string } {
    const inline = optStr(m[key]);
    const file = optStr(m[fileKey]);
    if (inline !== undefined && inline !== '' && file !== undefined && file !== '') {
      this.error(
        [...path, fileKey],
        `at most one of ${key} & ${fileKey} must be configured`,
        'config.secret_and_file',
        true,
      );
      return {};
    }
    if (file !== undefined && file !== '') {
      const s = this.readSecretFile([...path, fileKey], file);
      // Absolute, like Alertmanager's SetDirectory: senders re-read the file from any cwd.
      const full = resolve(this.dirOf([...path, fileKey]), file);
      return s ? { secret: s, file: full } : { file: full };
    }
    if (inline !== undefined && inline !== '' && inline !== Secret.MASK)
      return { secret: new Secret(inline) };
    return {};
  }
}
