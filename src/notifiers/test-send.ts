// Test-send: one sample notification through every integration of a receiver, reporting each outcome.
import type { Config } from '../config/types.js';
import type { Alert } from '../model/alert.js';
import type { NotifyContext } from './types.js';
import type { BuildDeps } from './build.js';

/** What happened to the sample notification on one integration. */
export interface TestSendResult {
  readonly integration: string;
  readonly index: number;
  readonly ok: boolean;
  /** Set on failure: would the pipeline retry it? */
  readonly retryable?: boolean;
  readonly error?: string;
  readonly latencyMs: number;
}

/** The report of a test-send. */
export interface TestSendReport {
  readonly receiver: string;
  readonly ok: boolean;
  readonly results: readonly TestSendResult[];
}

/** Build dependencies plus the deadline of each send. */
export interface TestSendDeps extends BuildDeps {
  /** Per-integration deadline (default 30s). */
  readonly timeoutMs?: number;
  /** A monotonic millisecond source for latency; defaults to `performance.now`. */
  readonly elapsed?: () => number;
}

/** Thrown when the receiver does not exist. */
export class UnknownReceiverError extends Error {}

/** The firing alert a test-send carries, labelled so routes and inboxes can tell it apart. */
export function sampleAlert(receiver: string, now: number): Alert {
  return {
    labels: { alertname: 'VigilTestNotification', receiver, severity: 'none' },
    annotations: {
      summary: `Test notification from Vigil for receiver ${receiver}`,
      description: 'Sent on request to check that this receiver delivers. No action is needed.',
    },
    startsAt: now,
    endsAt: 0,
    generatorURL: '',
    updatedAt: now,
    timeout: false,
    fingerprint: '0000000000000000',
  };
}

/**
 * Sends the sample notification once through every integration of `name` (no retries, so the
 * report shows the first outcome) and returns what each said. Errors never contain secrets.
 */
export async function testReceiver(
  name: string,
  config: Config,
  deps: TestSendDeps,
): Promise<TestSendReport> {
  const receiver = config.receivers.find((r) => r.name === name);
  if (receiver === undefined) throw new UnknownReceiverError(`unknown receiver ${JSON.stringify(name)}`);
  // The notifier modules (nodemailer, the Slack client...) load on the first test-send, not
  // with the server that offers it.
  const { buildIntegrations, closeIntegrations } = await import('./build.js');
  const integrations = buildIntegrations(receiver, deps);
  const elapsed = deps.elapsed ?? (() => performance.now());
  const now = deps.clock.now();
  const alert = sampleAlert(name, now);
  try {
    const results = await Promise.all(
      integrations.map(async (i): Promise<TestSendResult> => {
        const ctx: NotifyContext = {
          groupKey: `{}/vigil-test:{receiver=${JSON.stringify(name)}}`,
          groupLabels: { alertname: alert.labels['alertname'] ?? '' },
          receiver: name,
          now,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
        };
        const started = elapsed();
        const r = await i.notifier.send(ctx, [alert]);
        const latencyMs = Math.max(0, elapsed() - started);
        return r.error === undefined
          ? { integration: i.type, index: i.index, ok: true, latencyMs }
          : {
              integration: i.type,
              index: i.index,
              ok: false,
              retryable: r.retry,
              error: r.error.message,
              latencyMs,
            };
      }),
    );
    return { receiver: name, ok: results.every((r) => r.ok), results };
  } finally {
    await closeIntegrations(integrations);
  }
}
