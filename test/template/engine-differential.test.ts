// Differential corpus: every case's expected output (or error) was produced by the real
// `amtool template render` (scripts/gen-engine-fixtures.ts); the engine must match byte for byte.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoTime, TemplateSet, goType } from '../../src/template/engine.js';

interface Fixture {
  name: string;
  template: string;
  data: 'none' | 'fixture';
  mode: 'text' | 'html';
  defs?: string;
  output?: string;
  error?: string;
}

const DIR = 'test/fixtures/templates/engine';

/** Error cases where only the verdict matches: Go's text comes from reflect internals. */
const KNOWN_MESSAGE_DIFFS = new Set<string>([]);

/** A map[string]string typed like Alertmanager's template.KV (no methods: those are H7's). */
function kv(o: Record<string, string>): Record<string, string> {
  const copy = { ...o };
  Object.defineProperty(copy, goType, { value: { name: 'template.KV', kind: 'map', elemZero: '' } });
  return copy;
}

class Alert {
  readonly [goType] = { name: 'template.Alert', kind: 'struct' as const };
  constructor(
    public Status: string,
    public Labels: Record<string, string>,
    public Annotations: Record<string, string>,
    public StartsAt: GoTime,
    public EndsAt: GoTime,
    public GeneratorURL: string,
    public Fingerprint: string,
  ) {}
  /** The JSON shape Go's json tags give template.Alert. */
  toJSON(): Record<string, unknown> {
    return {
      status: this.Status,
      labels: this.Labels,
      annotations: this.Annotations,
      startsAt: this.StartsAt,
      endsAt: this.EndsAt,
      generatorURL: this.GeneratorURL,
      fingerprint: this.Fingerprint,
    };
  }
}

class Alerts extends Array<Alert> {
  readonly [goType] = { name: 'template.Alerts', kind: 'slice' as const };
  Firing(): Alert[] {
    return typedAlerts(this.filter((a) => a.Status === 'firing'));
  }
  Resolved(): Alert[] {
    return typedAlerts(this.filter((a) => a.Status === 'resolved'));
  }
}

function typedAlerts(list: Alert[]): Alert[] {
  const arr = [...list];
  Object.defineProperty(arr, goType, { value: { name: '[]template.Alert', kind: 'slice' } });
  return arr;
}

class Data {
  readonly [goType] = { name: 'template.Data', kind: 'struct' as const };
  constructor(
    public Receiver: string,
    public Status: string,
    public Alerts: Alerts,
    public GroupLabels: Record<string, string>,
    public CommonLabels: Record<string, string>,
    public CommonAnnotations: Record<string, string>,
    public ExternalURL: string,
  ) {}
}

type RawAlert = {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
};

/** Parses RFC 3339 the way Go's JSON decoding does when the local zone is UTC. */
function parseTime(s: string): GoTime {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|([+-])(\d\d):(\d\d))$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  const ns = Number((m[7] ?? '').padEnd(9, '0'));
  const utc = GoTime.utc(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    ns,
  );
  if (m[8] === 'Z') return utc;
  const offset = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
  return new GoTime(utc.sec - offset, ns, offset, '');
}

function loadData(): Data {
  const raw = JSON.parse(readFileSync(join(DIR, 'data.json'), 'utf8')) as {
    receiver: string;
    status: string;
    alerts: RawAlert[];
    groupLabels: Record<string, string>;
    commonLabels: Record<string, string>;
    commonAnnotations: Record<string, string>;
    externalURL: string;
  };
  const alerts = new Alerts();
  for (const a of raw.alerts) {
    alerts.push(
      new Alert(
        a.status,
        kv(a.labels),
        kv(a.annotations),
        parseTime(a.startsAt),
        parseTime(a.endsAt),
        a.generatorURL,
        a.fingerprint,
      ),
    );
  }
  return new Data(
    raw.receiver,
    raw.status,
    alerts,
    kv(raw.groupLabels),
    kv(raw.commonLabels),
    kv(raw.commonAnnotations),
    raw.externalURL,
  );
}

function render(f: Fixture, data: Data): { output?: string; error?: string } {
  const set = new TemplateSet({ missingKey: 'zero', mode: f.mode });
  try {
    if (f.defs !== undefined) set.parse('defs.tmpl', f.defs);
    set.parse('', f.template);
    return { output: set.execute('', f.data === 'fixture' ? data : undefined) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'data.json');
const data = loadData();

describe.each(files)('engine differential corpus %s', (file) => {
  const fixtures = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Fixture[];
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const got = render(f, data);
    if (f.error !== undefined) {
      expect(got.output, `expected an error like: ${f.error}`).toBeUndefined();
      if (KNOWN_MESSAGE_DIFFS.has(f.name)) expect(got.error).toMatch(/^template: /);
      else expect(got.error).toBe(f.error.trimEnd());
    } else {
      expect(got.error).toBeUndefined();
      expect(got.output).toBe(f.output);
    }
  });
});
