// Discord replies: 204 success, JSON errors with codes, 429 with fractional `retry_after` seconds.
import { describe, expect, it } from 'vitest';
import { classifyDiscordReply } from './discord.js';

describe('classifyDiscordReply', () => {
  it.each([
    [{ status: 204, headers: {}, text: '' }, undefined, false, undefined],
    [
      { status: 404, headers: {}, text: '{"message":"Unknown Webhook","code":10015}' },
      'discord: unexpected status code 404: Unknown Webhook (code 10015)',
      false,
      undefined,
    ],
    [
      {
        status: 429,
        headers: { 'retry-after': '1' },
        text: '{"message":"You are being rate limited.","retry_after":0.25,"global":false}',
      },
      'discord: unexpected status code 429: You are being rate limited.',
      true,
      250,
    ],
    [
      { status: 502, headers: {}, text: 'bad gateway' },
      'discord: unexpected status code 502',
      true,
      undefined,
    ],
  ])('%j', (r, message, retry, retryAfterMs) => {
    const out = classifyDiscordReply(r, 0);
    expect(out.error?.message).toBe(message);
    expect(out.retry).toBe(retry);
    expect(out.retryAfterMs).toBe(retryAfterMs);
  });
});
