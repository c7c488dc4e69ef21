import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import { isValidLabelName } from '../../model/labels.js';
import type { Labels } from '../../model/labels.js';
import type { RuleDef, RuleGroupDef } from '../../model/rule.js';
import { mapFields, seqItems, stringMap, stringValue } from './context.js';
import type { Field, FileContext, RuleFileOptions } from './context.js';
import { durationField, parseRule } from './rule.js';

const GROUP_FIELDS = ['name', 'interval', 'query_offset', 'limit', 'labels', 'rules'];
// The Prometheus Operator's spec also allows Thanos' `partial_response_strategy`.
const MANIFEST_GROUP_FIELDS = [...GROUP_FIELDS, 'partial_response_strategy'];

/**
 * Decodes and validates one rule group (Prometheus' `RuleGroups.Validate` checks), then its
 * rules. `seen` holds the group names already used in this file, with their lines.
 */
export function parseGroup(
  ctx: FileContext,
  node: Node | null,
  seen: Map<string, number>,
  opts: RuleFileOptions,
): RuleGroupDef | undefined {
  const known = opts.manifest ? MANIFEST_GROUP_FIELDS : GROUP_FIELDS;
  const fields = mapFields(ctx, node, 'rulefmt.RuleGroup', known);
  if (!fields) return undefined;
  const nameField = fields.get('name');
  const decoded = nameField ? stringValue(ctx, nameField.value) : '';
  const name = decoded ?? '';
  const before = ctx.diagnostics.length;
  const where = ctx.positionOf(node);
  const nameAt = ctx.positionOf(nameField?.key) ?? where;
  if (decoded === undefined) {
    // Already reported as a type error.
  } else if (name === '') {
    ctx.error(nameAt, 'rules.group_name_empty', 'Groupname must not be empty');
  } else if (seen.has(name)) {
    ctx.error(
      nameAt,
      'rules.group_name_repeated',
      `groupname: ${JSON.stringify(name)} is repeated in the same file`,
    );
  } else {
    seen.set(name, nameAt?.line ?? 0);
  }
  const interval = durationField(ctx, fields.get('interval'));
  const queryOffset = durationField(ctx, fields.get('query_offset'));
  const limit = intField(ctx, fields.get('limit'));
  const labels = groupLabels(ctx, fields.get('labels'), name);
  const rules: RuleDef[] = [];
  seqItems(ctx, fields.get('rules')?.value ?? null, 'rulefmt.Rule').forEach((ruleNode, i) => {
    const rule = parseRule(ctx, ruleNode, { group: name, index: i + 1 }, opts);
    if (rule) rules.push(rule);
  });
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  return {
    name,
    file: ctx.file,
    interval: interval !== undefined && interval > 0 ? interval : opts.evaluationInterval,
    intervalSet: interval !== undefined && interval > 0,
    limit: limit ?? 0,
    queryOffset: queryOffset ?? opts.queryOffset,
    labels,
    rules,
    source: { file: ctx.file, position: where },
  };
}

/** An integer field, decoded the way Go's yaml.v3 decodes into `int`. */
function intField(ctx: FileContext, f: Field | undefined): number | undefined {
  if (!f) return undefined;
  const text = stringValue(ctx, f.value);
  if (text === undefined) return undefined;
  if (text === '') return 0;
  const m = /^([-+]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|\d+)$/i.exec(text.replace(/_/g, ''));
  const n = m ? Number(m[2]) * (m[1] === '-' ? -1 : 1) : NaN;
  if (Number.isSafeInteger(n)) return n;
  const shown = isScalar(f.value) ? String(f.value.value) : text;
  ctx.error(ctx.positionOf(f.value), 'rules.type', `cannot unmarshal !!str \`${shown}\` into int`);
  return undefined;
}

/** Group labels (Prometheus 3): merged into every rule; `__name__` and invalid names are errors. */
function groupLabels(ctx: FileContext, f: Field | undefined, group: string): Labels {
  const out: Record<string, string> = {};
  for (const l of stringMap(ctx, f?.value ?? null)) {
    if (!isValidLabelName(l.name) || l.name === '__name__') {
      ctx.error(
        ctx.positionOf(l.key),
        'rules.invalid_label_name',
        `group ${JSON.stringify(group)}: invalid label name: ${l.name}`,
      );
      continue;
    }
    out[l.name] = l.value;
  }
  return out;
}
