/** Go's `json.Marshal` over the template value model, for Alertmanager's `toJson`. */
import { TemplateFuncError } from '../errors.js';
import { GoDuration, GoTime } from '../gotime.js';
import { GoString } from '../values.js';
import { Alert, TemplateData } from './am-data.js';

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JSON string as Go writes it: HTML-safe (`\u003c`), U+2028/2029 escaped. */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = ESCAPES[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** A float64 as Go's encoder writes it (shortest form; exponent form outside [1e-6, 1e21)). */
export function goJsonFloat(v: number): string {
  if (!Number.isFinite(v))
    throw new TemplateFuncError(`json: unsupported value: ${v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN'}`);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return Object.is(v, -0) ? '-0' : String(v);
}

function encodeObject(entries: Array<[string, unknown]>): string {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
}

/** A struct: fields in declaration order under their JSON names. */
function encodeStruct(fields: Array<[string, unknown]>): string {
  return `{${fields.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
}

function encodeAlert(a: Alert): string {
  return encodeStruct([
    ['status', a.Status],
    ['labels', a.Labels],
    ['annotations', a.Annotations],
    ['startsAt', a.StartsAt],
    ['endsAt', a.EndsAt],
    ['generatorURL', a.GeneratorURL],
    ['fingerprint', a.Fingerprint],
  ]);
}

function encodeData(d: TemplateData): string {
  return encodeStruct([
    ['receiver', d.Receiver],
    ['status', d.Status],
    ['alerts', d.Alerts],
    ['groupLabels', d.GroupLabels],
    ['commonLabels', d.CommonLabels],
    ['commonAnnotations', d.CommonAnnotations],
    ['externalURL', d.ExternalURL],
  ]);
}

/** Encodes a template value as Go's json.Marshal would. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return goJsonFloat(v);
  if (v instanceof GoString) return goJsonString(v.value);
  if (v instanceof GoTime) return goJsonString(v.Format('2006-01-02T15:04:05.999999999Z07:00'));
  if (v instanceof GoDuration) return v.ns.toString();
  if (v instanceof TemplateData) return encodeData(v);
  if (v instanceof Alert) return encodeAlert(v);
  if (v instanceof Map)
    return encodeObject([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]));
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const own = Object.entries(v as Record<string, unknown>);
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return encodeObject(own);
    return encodeStruct(own);
  }
  throw new TemplateFuncError(`json: unsupported type: ${typeof v}`);
}
