// Slack replies as Slack documents them: `ok`, error codes, JSON `{ok}`, 429 and 5xx.
import { describe, expect, it } from 'vitest';
import { classifySlackReply, isSlackWebAPI } from './slack.js';

const reply = (status: number, text: string, headers: Record<string, string> = {}) => ({
  status,
  text,
  headers,
});

describe('classifySlackReply', () => {
  it.each([
    [reply(200, 'ok'), undefined, false, undefined],
    [reply(400, 'invalid_payload'), 'slack: unexpected status code 400: invalid_payload', false, undefined],
    [
      reply(404, 'channel_not_found'),
      'slack: unexpected status code 404: channel_not_found',
      false,
      undefined,
    ],
    [
      reply(429, 'rate_limited', { 'retry-after': '30' }),
      'slack: unexpected status code 429: rate_limited',
      true,
      30_000,
    ],
    [reply(500, 'rollup_error'), 'slack: unexpected status code 500: rollup_error', true, undefined],
    [reply(200, '{"ok":true,"ts":"1"}'), undefined, false, undefined],
    [
      reply(200, '{"ok":false,"error":"channel_not_found"}'),
      'slack: error response from Slack: channel_not_found',
      false,
      undefined,
    ],
    [
      reply(200, '{"ok":false,"error":"ratelimited"}'),
      'slack: error response from Slack: ratelimited',
      true,
      undefined,
    ],
    [reply(200, 'something else'), 'slack: error response from Slack: something else', false, undefined],
  ])('%j', (r, message, retry, retryAfterMs) => {
    const out = classifySlackReply(r, 0, []);
    expect(out.error?.message).toBe(message);
    expect(out.retry).toBe(retry);
    expect(out.retryAfterMs).toBe(retryAfterMs);
  });
});

describe('isSlackWebAPI', () => {
  it.each([
    ['https://slack.com/api/chat.postMessage', true],
    ['https://hooks.slack.com/services/T/B/X', false],
    ['not a url', false],
  ])('%s', (url, want) => {
    expect(isSlackWebAPI(url)).toBe(want);
  });
});
