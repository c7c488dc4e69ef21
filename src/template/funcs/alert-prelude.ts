/**
 * Prometheus' alert-template expansion: the `$labels`/`$externalLabels`/`$externalURL`/`$value`
 * prelude, the template data struct, `missingkey=zero`, and the `<error expanding template: …>`
 * text an annotation gets when expansion fails.
 */
import { TemplateSet, parseOnly } from '../engine.js';
import type { TemplateParseError } from '../errors.js';
import { goType } from '../values.js';
import { PROMETHEUS_FUNC_NAMES, prometheusFuncs } from './prometheus.js';
import type { PrometheusFuncOptions, TemplateQueryFunc } from './prometheus.js';

/** The text Prometheus prepends to every alert label and annotation template. */
export const ALERT_PRELUDE =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

const LABEL_MAP = { name: 'map[string]string', kind: 'map', elemZero: '' } as const;
const DATA_TYPE = {
  name: 'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }',
  kind: 'struct',
} as const;

function labelMap(labels: Readonly<Record<string, string>>): Record<string, string> {
  const m: Record<string, string> = { ...labels };
  Object.defineProperty(m, goType, { value: LABEL_MAP, enumerable: false });
  return m;
}

/** Prometheus' `AlertTemplateData` struct, as the engine sees it. */
export class AlertTemplateData {
  readonly Labels: Record<string, string>;
  readonly ExternalLabels: Record<string, string>;
  readonly ExternalURL: string;
  readonly Value: number;
  constructor(input: Pick<AlertExpansionInput, 'labels' | 'externalLabels' | 'externalURL' | 'value'>) {
    this.Labels = labelMap(input.labels);
    this.ExternalLabels = labelMap(input.externalLabels ?? {});
    this.ExternalURL = input.externalURL ?? '';
    this.Value = input.value;
  }
}
Object.defineProperty(AlertTemplateData.prototype, goType, { value: DATA_TYPE });

/** What one expansion needs: the sample, the rule environment and the evaluation time. */
export interface AlertExpansionInput {
  /** The sample's labels (`$labels`), including `__name__` when the expression kept it. */
  labels: Readonly<Record<string, string>>;
  /** The sample's value (`$value`). */
  value: number;
  externalLabels?: Readonly<Record<string, string>>;
  externalURL?: string;
  /** Evaluation time in Unix ms: `now` returns it and `query` runs at it. */
  evalTimeMs?: number;
  query?: TemplateQueryFunc;
}

/** The outcome of one expansion: the text to use, and the error when expansion failed. */
export interface AlertExpansion {
  /** The expanded text, or `<error expanding template: …>` on failure, as Prometheus stores it. */
  text: string;
  /** Prometheus' error text (`error executing template __alert_X: …`) when expansion failed. */
  error?: string;
}

/** The template name Prometheus gives an alert rule's templates. */
export function alertTemplateName(alertName: string): string {
  return `__alert_${alertName}`;
}

/**
 * One alert label or annotation template, parsed once and expanded per evaluation. The
 * functions read the current evaluation through a context that `expand` swaps in, which keeps
 * the parsed set reusable (the engine is synchronous, so no two expansions overlap).
 */
export class CompiledAlertTemplate {
  private readonly set: TemplateSet | undefined;
  private readonly parseError: string | undefined;
  private ctx: PrometheusFuncOptions = {};

  constructor(
    readonly alertName: string,
    readonly text: string,
  ) {
    const name = alertTemplateName(alertName);
    if (!text.includes('{{')) return;
    const funcs = prometheusFuncs(() => this.ctx);
    const set = new TemplateSet({ funcs, missingKey: 'zero', mode: 'text' });
    try {
      set.parse(name, ALERT_PRELUDE + text);
      this.set = set;
    } catch (e) {
      this.parseError = `error parsing template ${name}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Expands the template for one sample; never throws. */
  expand(input: AlertExpansionInput): AlertExpansion {
    if (this.parseError !== undefined) return failed(this.parseError);
    if (!this.set) return { text: this.text };
    const name = alertTemplateName(this.alertName);
    this.ctx = { query: input.query, externalURL: input.externalURL, evalTimeMs: input.evalTimeMs };
    try {
      return { text: this.set.execute(name, new AlertTemplateData(input)) };
    } catch (e) {
      return failed(`error executing template ${name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.ctx = {};
    }
  }
}

function failed(error: string): AlertExpansion {
  return { text: `<error expanding template: ${error}>`, error };
}

/** Parses and expands one alert template, as Prometheus does for each label and annotation. */
export function expandAlertTemplate(
  alertName: string,
  text: string,
  input: AlertExpansionInput,
): AlertExpansion {
  return new CompiledAlertTemplate(alertName, text).expand(input);
}

/** A template problem found by a parse-only check, with its position in the user's text. */
export interface AlertTemplateProblem {
  /** Prometheus' text, e.g. `template: __alert_X:1: function "nope" not defined`. */
  message: string;
  /** 1-based line in the user's template. */
  line: number;
  /** 1-based column in the user's template, when the engine reported one. */
  column?: number;
}

/**
 * Parses an alert template with the prelude, as `promtool check rules` does; returns the
 * problem or undefined. Positions are mapped back into the user's text.
 */
export function checkAlertTemplate(alertName: string, text: string): AlertTemplateProblem | undefined {
  const err: TemplateParseError | undefined = parseOnly(ALERT_PRELUDE + text, PROMETHEUS_FUNC_NAMES);
  if (!err) return undefined;
  const name = alertTemplateName(alertName);
  const message = err.message.replace(/^template: :/, `template: ${name}:`);
  const column = err.line === 1 ? err.column - ALERT_PRELUDE.length : err.column;
  return { message, line: err.line, column: column > 0 ? column : undefined };
}

/**
 * The literal queries a template runs (`query "…"`), so a caller with an asynchronous
 * datasource can fetch them before the synchronous expansion.
 */
export function findQueries(text: string): string[] {
  const out = new Set<string>();
  const re = /\bquery\s+("(?:[^"\\]|\\.)*"|`[^`]*`)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lit = m[1] ?? '';
    try {
      out.add(lit.startsWith('`') ? lit.slice(1, -1) : (JSON.parse(lit) as string));
    } catch {
      // Not a JSON-compatible Go string; the query function will be asked for it directly.
    }
  }
  return [...out];
}
