import { describe, expect, it } from 'vitest';
import { classifyNetworkError, classifyStatus, parseRetryAfter } from './retry.js';

describe('classifyStatus', () => {
  it.each<[number, boolean, boolean]>([
    [200, true, false],
    [204, true, false],
    [400, false, false],
    [401, false, false],
    [404, false, false],
    [429, false, true],
    [500, false, true],
    [503, false, true],
  ])('status %d → ok=%s retry=%s', (status, ok, retry) => {
    const r = classifyStatus('webhook', status, undefined, 0);
    expect(r.error === undefined).toBe(ok);
    expect(r.retry).toBe(retry);
  });

  it('honours Retry-After in seconds and as a date', () => {
    expect(classifyStatus('w', 503, '7', 0).retryAfterMs).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('classifyNetworkError', () => {
  it('is retryable and never shows the URL or secrets', () => {
    const url = 'https://user:pa55@example.test/hook?token=abc';
    const r = classifyNetworkError('webhook', new Error(`connect ECONNREFUSED for ${url} token abc`), [
      url,
      'abc',
    ]);
    expect(r.retry).toBe(true);
    expect(r.error?.message).not.toMatch(/pa55|abc|example\.test/);
    expect(r.error?.message).toContain('ECONNREFUSED');
  });
});
