import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { Position } from '../../model/diagnostic.js';
import { parseDuration } from '../../model/duration.js';
import type { DurationMs } from '../../model/duration.js';
import { isValidLabelName, isValidMetricName } from '../../model/labels.js';
import type { Labels } from '../../model/labels.js';
import type { RuleDef } from '../../model/rule.js';
import { checkExpr, formatPromqlError } from '../../promql/check.js';
import { mapFields, stringMap, stringValue } from './context.js';
import type { Field, FileContext, RuleFileOptions } from './context.js';
import { sourceOffset } from './scalar-offset.js';

const RULE_FIELDS = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'] as const;

/** Where a rule sits, for Prometheus' `group "g", rule 1, "name": ` prefix. */
interface RuleRef {
  readonly group: string;
  readonly index: number;
}

type Entry = { name: string; value: string; key: Node; node: Node | null };

/** The decoded fields of one rule, before validation. */
interface RawRule {
  readonly fields: Map<string, Field>;
  readonly record: string;
  readonly alert: string;
  readonly expr: string;
  readonly labels: Entry[];
  readonly annotations: Entry[];
}

/**
 * Decodes and validates one rule of a group, reporting every problem Prometheus'
 * `Rule.Validate` would, each with its position. Returns the rule when it is usable.
 */
export function parseRule(
  ctx: FileContext,
  node: Node | null,
  ref: RuleRef,
  opts: RuleFileOptions,
): RuleDef | undefined {
  const fields = mapFields(ctx, node, 'rulefmt.Rule', RULE_FIELDS);
  if (!fields) return undefined;
  const str = (name: string): string => {
    const f = fields.get(name);
    return f ? (stringValue(ctx, f.value) ?? '') : '';
  };
  const raw: RawRule = {
    fields,
    record: str('record'),
    alert: str('alert'),
    expr: str('expr'),
    labels: stringMap(ctx, fields.get('labels')?.value ?? null),
    annotations: stringMap(ctx, fields.get('annotations')?.value ?? null),
  };
  const prefix = `group ${JSON.stringify(ref.group)}, rule ${ref.index}, ${JSON.stringify(raw.alert || raw.record)}: `;
  const before = ctx.diagnostics.length;
  const err = (at: Position | undefined, code: string, msg: string): void =>
    ctx.error(at, code, prefix + msg);
  const where = ctx.positionOf(node);
  const forMs = durationField(ctx, fields.get('for'));
  const keepMs = durationField(ctx, fields.get('keep_firing_for'));
  if (raw.record !== '' && raw.alert !== '') {
    err(
      ctx.positionOf(fields.get('record')?.value),
      'rules.record_and_alert',
      "only one of 'record' and 'alert' must be set",
    );
  } else if (raw.record === '' && raw.alert === '') {
    err(where, 'rules.no_record_or_alert', "one of 'record' or 'alert' must be set");
  }
  checkRuleExpr(ctx, raw, where, err);
  if (raw.record !== '') checkRecording(ctx, raw, err);
  checkLabels(ctx, raw, err);
  if (raw.alert !== '' && raw.record === '') checkTemplates(ctx, raw, opts, err);
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  const source = { file: ctx.file, position: where };
  const labels = toLabels(raw.labels);
  if (raw.record !== '') return { kind: 'recording', record: raw.record, expr: raw.expr, labels, source };
  return {
    kind: 'alerting',
    alert: raw.alert,
    expr: raw.expr,
    for: forMs ?? 0,
    keepFiringFor: keepMs ?? 0,
    labels,
    annotations: toLabels(raw.annotations),
    source,
  };
}

type Report = (at: Position | undefined, code: string, msg: string) => void;

function toLabels(entries: Entry[]): Labels {
  const out: Record<string, string> = {};
  for (const e of entries) out[e.name] = e.value;
  return out;
}

/** Parses a duration field; Go's `model.Duration` message when it is not one. */
export function durationField(ctx: FileContext, f: Field | undefined): DurationMs | undefined {
  if (!f) return undefined;
  const text = stringValue(ctx, f.value);
  if (text === undefined) return undefined;
  const d = parseDuration(text);
  if (d.ok) return d.ms;
  ctx.error(ctx.positionOf(f.value ?? f.key), 'rules.duration', d.error);
  return undefined;
}

/** `expr` must be set and parse; PromQL errors point into the file at the offending character. */
function checkRuleExpr(ctx: FileContext, raw: RawRule, where: Position | undefined, err: Report): void {
  const exprField = raw.fields.get('expr');
  if (raw.expr === '') {
    err(ctx.positionOf(exprField?.value) ?? where, 'rules.expr_missing', "field 'expr' must be set in rule");
    return;
  }
  const node = exprField?.value ?? null;
  for (const d of checkExpr(raw.expr)) {
    const at =
      node && isScalar(node) ? ctx.position(sourceOffset(ctx.text, node, d.from)) : ctx.positionOf(node);
    const msg = `could not parse expression: ${formatPromqlError(raw.expr, d)}`;
    if (d.severity === 'error') err(at, 'rules.promql', msg);
    else ctx.warning(at, 'rules.promql', msg);
  }
}

/** Recording rules take no `for`, `keep_firing_for` or annotations, and need a metric name. */
function checkRecording(ctx: FileContext, raw: RawRule, err: Report): void {
  const at = ctx.positionOf(raw.fields.get('record')?.value);
  if (raw.fields.has('annotations') && raw.annotations.length > 0) {
    err(at, 'rules.recording_field', "invalid field 'annotations' in recording rule");
  }
  if (durationIsSet(raw.fields.get('for'))) {
    err(at, 'rules.recording_field', "invalid field 'for' in recording rule");
  }
  if (durationIsSet(raw.fields.get('keep_firing_for'))) {
    err(at, 'rules.recording_field', "invalid field 'keep_firing_for' in recording rule");
  }
  if (!isValidMetricName(raw.record)) {
    err(at, 'rules.invalid_record_name', `invalid recording rule name: ${raw.record}`);
  }
}

/** Prometheus only objects to a non-zero `for`/`keep_firing_for` on a recording rule. */
function durationIsSet(f: Field | undefined): boolean {
  if (!f || !isScalar(f.value)) return false;
  const d = parseDuration(String(f.value.value));
  return d.ok && d.ms !== 0;
}

// A string that is not valid UTF-8 once encoded (Go rejects such label values).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Label names must be valid and not `__name__`; values valid UTF-8; annotation names valid. */
function checkLabels(ctx: FileContext, raw: RawRule, err: Report): void {
  for (const l of raw.labels) {
    if (!isValidLabelName(l.name) || l.name === '__name__') {
      err(ctx.positionOf(l.key), 'rules.invalid_label_name', `invalid label name: ${l.name}`);
    }
    if (LONE_SURROGATE.test(l.value))
      err(ctx.positionOf(l.node), 'rules.invalid_label_value', `invalid label value: ${l.value}`);
  }
  for (const a of raw.annotations) {
    if (!isValidLabelName(a.name)) {
      err(ctx.positionOf(a.key), 'rules.invalid_annotation_name', `invalid annotation name: ${a.name}`);
    }
  }
}

type TemplateCheck = NonNullable<RuleFileOptions['checkTemplate']>;
type TemplateProblem = ReturnType<TemplateCheck>;

// Alerts repeat their annotation texts (warning/critical pairs, one summary per alert family):
// each checker's verdict on a text, per alert name, is kept while the checker is in use.
const templateVerdicts = new WeakMap<TemplateCheck, Map<string, Map<string, TemplateProblem>>>();
const VERDICT_LIMIT = 50_000;
let verdictCount = 0;

function cachedCheck(check: TemplateCheck, text: string, alertName: string): TemplateProblem {
  let byAlert = templateVerdicts.get(check);
  if (!byAlert || verdictCount >= VERDICT_LIMIT) {
    byAlert = new Map();
    templateVerdicts.set(check, byAlert);
    verdictCount = 0;
  }
  let verdicts = byAlert.get(alertName);
  if (!verdicts) {
    verdicts = new Map();
    byAlert.set(alertName, verdicts);
  }
  if (verdicts.has(text)) return verdicts.get(text);
  const problem = check(text, alertName);
  verdictCount++;
  verdicts.set(text, problem);
  return problem;
}

/** Alerting rules' labels and annotations are templates; the injected checker parses them. */
function checkTemplates(ctx: FileContext, raw: RawRule, opts: RuleFileOptions, err: Report): void {
  const check = opts.checkTemplate;
  if (!check) return;
  const run = (kind: string, e: Entry): void => {
    const problem = cachedCheck(check, e.value, raw.alert);
    if (!problem) return;
    let at = ctx.positionOf(e.node);
    if (e.node && isScalar(e.node) && problem.line !== undefined) {
      at = ctx.position(sourceOffset(ctx.text, e.node, offsetOf(e.value, problem.line, problem.column ?? 1)));
    }
    err(at, 'rules.template', `${kind} ${JSON.stringify(e.name)}: ${problem.message}`);
  };
  for (const l of raw.labels) run('label', l);
  for (const a of raw.annotations) run('annotation', a);
}

/** The offset of a 1-based line and column inside a text. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
