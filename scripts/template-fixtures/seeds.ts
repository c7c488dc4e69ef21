/**
 * Collects every template of the user's example configs (../shared/examples/seeds): rule
 * labels and annotations become alert cases, receiver fields become notification cases.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AlertCaseInput } from './alert-cases.js';
import type { NotificationCaseInput } from './notification-cases.js';

/** Labels that satisfy every `$labels.x` the seed rules use. */
const SEED_LABELS: Record<string, string> = {
  command_name: 'GET',
  container: 'app',
  destination_service_name: 'payments',
  instance: 'node-1.example.com:9100',
  job: 'node',
  mountpoint: '/var/lib',
  namespace: 'prod',
  node: 'worker-3',
  pod: 'app-7d9f8c6b5-x2k4q',
  severity: 'critical',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ruleGroups(doc: unknown): unknown[] {
  if (!isRecord(doc)) return [];
  if (Array.isArray(doc.groups)) return doc.groups;
  if (isRecord(doc.spec) && Array.isArray(doc.spec.groups)) return doc.spec.groups;
  return [];
}

function templatesOfRule(rule: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['labels', 'annotations']) {
    const m = rule[key];
    if (!isRecord(m)) continue;
    for (const v of Object.values(m)) if (typeof v === 'string' && v.includes('{{')) out.push(v);
  }
  return out;
}

/** Alert cases for every templated label or annotation in the seed rule files. */
export function seedAlertCases(seedDir: string): AlertCaseInput[] {
  const out: AlertCaseInput[] = [];
  for (const file of readdirSync(seedDir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue;
    const doc: unknown = parse(readFileSync(join(seedDir, file), 'utf8'));
    for (const g of ruleGroups(doc)) {
      if (!isRecord(g) || !Array.isArray(g.rules)) continue;
      for (const r of g.rules) {
        if (!isRecord(r) || typeof r.alert !== 'string') continue;
        templatesOfRule(r).forEach((t, i) => {
          for (const value of ['0.8734', '1234.5']) {
            out.push({
              name: `${file} ${r.alert} #${i} v=${value}`,
              template: t,
              labels: SEED_LABELS,
              value,
            });
          }
        });
      }
    }
  }
  return out;
}

function collectStrings(v: unknown, path: string, out: Array<{ path: string; text: string }>): void {
  if (typeof v === 'string') {
    if (v.includes('{{')) out.push({ path, text: v });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => collectStrings(x, `${path}[${i}]`, out));
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) collectStrings(x, `${path}.${k}`, out);
  }
}

/** Notification cases for every templated receiver field in the seed Alertmanager configs. */
export function seedNotificationCases(seedDir: string): NotificationCaseInput[] {
  const out: NotificationCaseInput[] = [];
  for (const file of readdirSync(seedDir).sort()) {
    if (!file.includes('alertmanager')) continue;
    const doc: unknown = parse(readFileSync(join(seedDir, file), 'utf8'));
    if (!isRecord(doc)) continue;
    const found: Array<{ path: string; text: string }> = [];
    collectStrings(doc.receivers, 'receivers', found);
    for (const f of found) {
      const type = /email_configs\[\d+\]\.html$/.test(f.path) ? 'html' : 'text';
      out.push({ name: `${file} ${f.path}`, template: f.text, data: 'seeds', type });
      out.push({ name: `${file} ${f.path} (builtin data)`, template: f.text, type });
    }
  }
  return out;
}
