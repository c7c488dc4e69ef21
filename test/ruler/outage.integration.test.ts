// Datasource outage and delivery to a real Alertmanager: while Prometheus is down no alert
// resolves, the rule is unhealthy and VigilRuleEvaluationFailing fires; afterwards the same
// alert (same activeAt) continues.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../src/config/rulefile/load.js';
import { AlertmanagerClient } from '../../src/notifiers/alertmanager-client.js';
import { rulesResponse } from '../../src/rules/api.js';
import type { RuleManager } from '../../src/rules/manager.js';
import { alertmanagerAvailable, startAlertmanager } from './am-harness.js';
import { Sink } from './fakes.js';
import {
  prometheusAvailable,
  startExporter,
  startPrometheus,
  waitFor,
  type PromInstance,
} from './prometheus-harness.js';
import { buildRuler } from './wiring.js';

const RULES = `groups:
  - name: outage
    interval: 1s
    rules:
      - alert: High
        expr: test_value > 50
        for: 2s
        labels: { severity: page }
        annotations: { summary: "{{ $labels.site }} at {{ $value }}" }
`;

const RESEND_MS = 2000;

describe.runIf(prometheusAvailable() && alertmanagerAvailable())(
  'datasource outage, delivery to Alertmanager',
  () => {
    let dir: string;
    let prom: PromInstance;
    let exporter: Awaited<ReturnType<typeof startExporter>>;
    let am: Awaited<ReturnType<typeof startAlertmanager>>;
    let amc: AlertmanagerClient;
    let ruler: ReturnType<typeof buildRuler>;
    let manager: RuleManager;
    const sink = new Sink();

    const highAlert = () => [...(manager.groups()[0]?.rules[0]?.active.values() ?? [])][0];
    const rule = () => manager.groups()[0]?.rules[0];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigil-outage-'));
      writeFileSync(join(dir, 'r.yml'), RULES);
      exporter = await startExporter(() => 100);
      prom = await startPrometheus(exporter.url.replace('http://', ''));
      am = await startAlertmanager();
      amc = new AlertmanagerClient({ urls: [`${am.url}/api/v2/alerts`] });
      await waitFor('test_value scraped', async () =>
        (await prom.query('test_value')).result.length > 0 ? true : undefined,
      );
      ruler = buildRuler(
        prom.url,
        (alerts) => {
          sink.notify(alerts);
          amc.send(alerts);
        },
        { resendDelayMs: RESEND_MS },
      );
      manager = ruler.manager;
      const parsed = parseRuleFile(join(dir, 'r.yml'), RULES, { evaluationInterval: 1000, queryOffset: 0 });
      await manager.update(parsed.groups);
    }, 90_000);

    afterAll(async () => {
      await ruler?.close();
      await amc?.close();
      await am?.stop();
      await prom?.stop();
      await exporter?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('fires after `for` and reaches Alertmanager with startsAt = FiredAt, endsAt = ts + 4 × max(interval, resend)', async () => {
      const got = await waitFor('alert in alertmanager', async () =>
        (await am.alerts()).find((a) => a.labels['alertname'] === 'High'),
      );
      const a = highAlert();
      expect(a?.state).toBe('firing');
      expect(a && a.firedAtMs - a.activeAtMs).toBeGreaterThanOrEqual(2000);
      const first = sink.all().find((x) => x.labels['alertname'] === 'High');
      expect(Date.parse(got.startsAt)).toBe(a?.firedAtMs);
      expect(first && first.endsAtMs - first.startsAtMs).toBe(4 * RESEND_MS);
      expect(got.annotations).toEqual({ summary: 'a at 100' });
      expect(got.labels).toMatchObject({ alertname: 'High', severity: 'page', site: 'a', job: 'exporter' });
    });

    it('Prometheus down: nothing resolves, health err, VigilRuleEvaluationFailing fires; back up: ok, same activeAt', async () => {
      const before = highAlert();
      expect(before?.state).toBe('firing');
      const sentBefore = sink.all().length;
      await prom.kill();
      await waitFor('health err', async () => (rule()?.health === 'err' ? true : undefined));
      const self = await waitFor('self-alert in alertmanager', async () =>
        (await am.alerts()).find((a) => a.labels['alertname'] === 'VigilRuleEvaluationFailing'),
      );
      expect(self.labels).toMatchObject({ rule_group: 'outage', rule_name: 'High', severity: 'warning' });
      const api = rulesResponse(manager.groups(), {}).body as {
        data: { groups: Array<{ rules: Array<{ health: string; lastError: string; state: string }> }> };
      };
      expect(api.data.groups[0]?.rules[0]).toMatchObject({ health: 'err', state: 'firing' });
      expect(api.data.groups[0]?.rules[0]?.lastError).toMatch(/ECONNREFUSED|connect|network/i);
      expect(highAlert()).toMatchObject({ state: 'firing', activeAtMs: before?.activeAtMs });

      await prom.restart();
      await waitFor('health ok', async () => (rule()?.health === 'ok' ? true : undefined), 30_000);
      expect(highAlert()).toMatchObject({
        state: 'firing',
        activeAtMs: before?.activeAtMs,
        firedAtMs: before?.firedAtMs,
      });
      const after = sink.all().slice(sentBefore);
      // No resolved notification for High at any point; the self-alert resolved once the rule recovered.
      expect(
        after
          .filter((x) => x.labels['alertname'] === 'High')
          .every((x) => x.endsAtMs > x.startsAtMs + RESEND_MS),
      ).toBe(true);
      await waitFor('self-alert resolved', async () =>
        sink
          .all()
          .some((x) => x.labels['alertname'] === 'VigilRuleEvaluationFailing' && x.endsAtMs <= Date.now())
          ? true
          : undefined,
      );
    });
  },
);
