// SMTP helpers: smarthost parsing and the reply-code classification.
import { describe, expect, it } from 'vitest';
import { classifySmtpError, splitHostPort } from './email.js';

describe('splitHostPort', () => {
  it.each([
    ['smtp.example.com:587', 'smtp.example.com', 587],
    ['[::1]:25', '::1', 25],
    ['127.0.0.1:465', '127.0.0.1', 465],
  ])('%s', (addr, host, port) => {
    expect(splitHostPort(addr)).toEqual({ host, port });
  });

  it('rejects an address without a port', () => {
    expect(() => splitHostPort('smtp.example.com')).toThrow('invalid smarthost');
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ message: 'Invalid login: 535 bad', code: 'EAUTH', responseCode: 535 }, false],
    [{ message: 'Invalid login: 454 temporary', code: 'EAUTH', responseCode: 454 }, true],
    [{ message: 'Message failed: 451 later', code: 'EMESSAGE', responseCode: 451 }, true],
    [{ message: 'Message failed: 552 too big', code: 'EMESSAGE', responseCode: 552 }, false],
    [{ message: 'connect ECONNREFUSED', code: 'ESOCKET' }, true],
    [{ message: 'No recipients defined', code: 'EENVELOPE' }, false],
  ])('%j → retry %s', (err, retry) => {
    expect(classifySmtpError(err, []).retry).toBe(retry);
  });

  it('redacts secrets from the server text', () => {
    const r = classifySmtpError({ message: 'Invalid login: 535 pw hunter2 wrong', responseCode: 535 }, [
      'hunter2',
    ]);
    expect(r.error?.message).toBe('email: Invalid login: 535 pw <redacted> wrong');
  });
});
