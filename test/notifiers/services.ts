// The contract table: every integration, its fake service's real replies, and where its secret lives.
import { FakeSmtp } from './fake-smtp.js';
import { FakeHttp, json } from './fake-http.js';
import type { Answer } from './fake-http.js';

/** The behaviours every notifier is checked against. */
export type Mode = 'ok' | 'transient' | 'permanent' | 'rate-limited' | 'hang';

/** A running fake for one integration. */
export interface Harness {
  /** The receiver's `*_configs` YAML (indented under `- name: r`), pointing at `base`. */
  yaml(reachable: boolean): string;
  set(mode: Mode): void;
  attempts(): number;
  close(): Promise<void>;
}

/** One row of the contract table. */
export interface ServiceCase {
  readonly type: string;
  /** False for email: SMTP has no 429 / Retry-After. */
  readonly rateLimit: boolean;
  start(secret: string, closedPort: number): Promise<Harness>;
}

/** Replies for the HTTP modes, as each service really answers. */
type Replies = Record<Exclude<Mode, 'hang'>, Answer>;

const RETRY_AFTER = { 'retry-after': '7' };

function httpCase(
  type: string,
  replies: Replies,
  yaml: (base: string, secret: string) => string,
): ServiceCase {
  return {
    type,
    rateLimit: true,
    async start(secret, closedPort) {
      const fake = await FakeHttp.start();
      let mode: Mode = 'ok';
      fake.answer = () => (mode === 'hang' ? 'hang' : replies[mode]);
      return {
        yaml: (reachable) => yaml(reachable ? fake.url : `http://127.0.0.1:${closedPort}`, secret),
        set: (m) => {
          mode = m;
        },
        attempts: () => fake.requests.length,
        close: () => fake.close(),
      };
    },
  };
}

const emailCase: ServiceCase = {
  type: 'email',
  rateLimit: false,
  async start(secret, closedPort) {
    const smtp = await FakeSmtp.start('alerts@example.com', secret);
    return {
      yaml: (reachable) =>
        `  email_configs:\n  - to: 'oncall@example.com'\n    from: 'vigil@example.com'\n` +
        `    smarthost: '127.0.0.1:${reachable ? smtp.port : closedPort}'\n    auth_username: 'alerts@example.com'\n` +
        `    auth_password: '${secret}'\n    tls_config:\n      insecure_skip_verify: true\n`,
      set: (m) => {
        smtp.mode = m === 'rate-limited' ? 'transient' : m;
      },
      attempts: () => smtp.attempts,
      close: () => smtp.close(),
    };
  },
};

/** Every integration Vigil sends to. */
export const SERVICES: readonly ServiceCase[] = [
  httpCase(
    'slack',
    {
      ok: { status: 200, body: 'ok' },
      transient: { status: 500, body: 'rollup_error' },
      permanent: { status: 404, body: 'channel_not_found' },
      'rate-limited': { status: 429, body: 'rate_limited', headers: RETRY_AFTER },
    },
    (base, s) => `  slack_configs:\n  - api_url: '${base}/services/T000/B000/${s}'\n    channel: '#ops'\n`,
  ),
  httpCase(
    'discord',
    {
      ok: { status: 204 },
      transient: json(502, { message: '502: Bad Gateway', code: 0 }),
      permanent: json(400, { message: 'Cannot send an empty message', code: 50006 }),
      'rate-limited': json(
        429,
        { message: 'You are being rate limited.', retry_after: 7, global: false },
        RETRY_AFTER,
      ),
    },
    (base, s) => `  discord_configs:\n  - webhook_url: '${base}/api/webhooks/1234/${s}'\n`,
  ),
  httpCase(
    'telegram',
    {
      ok: json(200, {
        ok: true,
        result: { message_id: 1, chat: { id: -100, type: 'group' }, date: 1, text: 'x' },
      }),
      transient: json(502, { ok: false, error_code: 502, description: 'Bad Gateway' }),
      permanent: json(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }),
      'rate-limited': json(429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      }),
    },
    (base, s) =>
      `  telegram_configs:\n  - api_url: '${base}'\n    bot_token: '123456:${s}'\n    chat_id: -100\n`,
  ),
  httpCase(
    'pagerduty',
    {
      ok: json(202, { status: 'success', message: 'Event processed', dedup_key: 'x' }),
      transient: json(500, { status: 'error', message: 'Internal Server Error' }),
      permanent: json(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"],
      }),
      'rate-limited': json(
        429,
        { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' },
        RETRY_AFTER,
      ),
    },
    (base, s) => `  pagerduty_configs:\n  - routing_key: '${s}'\n    url: '${base}/v2/enqueue'\n`,
  ),
  httpCase(
    'opsgenie',
    {
      ok: json(202, {
        result: 'Request will be processed',
        took: 0.302,
        requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120',
      }),
      transient: json(503, { message: 'Service Unavailable', took: 0.0, requestId: 'r' }),
      permanent: json(422, {
        message: 'Request body is not processable. Please check the errors.',
        errors: { message: 'Message can not be empty.' },
        took: 0.002,
        requestId: 'r',
      }),
      'rate-limited': json(429, { message: 'Rate limit exceeded', took: 0.0, requestId: 'r' }, RETRY_AFTER),
    },
    (base, s) => `  opsgenie_configs:\n  - api_key: '${s}'\n    api_url: '${base}/'\n`,
  ),
  httpCase(
    'msteams',
    {
      ok: { status: 200, body: '1' },
      transient: { status: 500, body: 'Internal Server Error' },
      permanent: { status: 400, body: 'Summary or Text is required.' },
      'rate-limited': {
        status: 429,
        body: 'Microsoft Teams endpoint returned HTTP error 429',
        headers: RETRY_AFTER,
      },
    },
    (base, s) => `  msteams_configs:\n  - webhook_url: '${base}/webhookb2/${s}'\n`,
  ),
  httpCase(
    'msteamsv2',
    {
      ok: { status: 202 },
      transient: json(502, {
        error: { code: 'BadGateway', message: 'The server did not receive a response.' },
      }),
      permanent: json(400, {
        error: {
          code: 'TriggerInputSchemaMismatch',
          message:
            "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
        },
      }),
      'rate-limited': json(
        429,
        { error: { code: 'WorkflowTriggeredTooFrequently', message: 'Rate limit is exceeded.' } },
        RETRY_AFTER,
      ),
    },
    (base, s) =>
      `  msteamsv2_configs:\n  - webhook_url: '${base}/workflows/${s}/triggers/manual/paths/invoke'\n`,
  ),
  httpCase(
    'webhook',
    {
      ok: { status: 200 },
      transient: { status: 500 },
      permanent: { status: 400 },
      'rate-limited': { status: 429, headers: RETRY_AFTER },
    },
    (base, s) => `  webhook_configs:\n  - url: '${base}/hook?token=${s}'\n`,
  ),
  emailCase,
];

/** Every form a secret could leak in: raw, URL-encoded and base64. */
export function secretForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
}
