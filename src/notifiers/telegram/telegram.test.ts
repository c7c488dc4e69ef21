// Bot API replies: `{ok:true}`, `{ok:false,description}`, and 429's `parameters.retry_after`.
import { describe, expect, it } from 'vitest';
import { classifyTelegramReply } from './telegram.js';

const reply = (status: number, body: unknown) => ({ status, headers: {}, text: JSON.stringify(body) });

describe('classifyTelegramReply', () => {
  it.each([
    [reply(200, { ok: true, result: {} }), undefined, false, undefined],
    [
      reply(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }),
      'telegram: unexpected status code 400: Bad Request: chat not found',
      false,
      undefined,
    ],
    [
      reply(429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 12',
        parameters: { retry_after: 12 },
      }),
      'telegram: unexpected status code 429: Too Many Requests: retry after 12',
      true,
      12_000,
    ],
    [reply(200, { ok: false, description: 'odd' }), 'telegram: odd', false, undefined],
  ])('%j', (r, message, retry, retryAfterMs) => {
    const out = classifyTelegramReply(r, 0);
    expect(out.error?.message).toBe(message);
    expect(out.retry).toBe(retry);
    expect(out.retryAfterMs).toBe(retryAfterMs);
  });
});
