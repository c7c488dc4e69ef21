// A real SMTP server (smtp-server) on 127.0.0.1 with STARTTLS and AUTH PLAIN/LOGIN; mail parsed by mailparser.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the server treats the next sessions. */
export type SmtpMode = 'ok' | 'transient' | 'permanent' | 'auth-refused' | 'hang';

/** One accepted message with the session facts tests assert on. */
export interface Received {
  readonly mail: ParsedMail;
  readonly raw: string;
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly envelopeFrom: string;
  readonly envelopeTo: string[];
}

function smtpError(message: string, code: number): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The fake server; `mode` can change between sends. */
export class FakeSmtp {
  readonly received: Received[] = [];
  /** The AUTH mechanism of every successful login. */
  readonly authMethods: string[] = [];
  /** The PLAIN authorization identity of every successful login ('' when none). */
  readonly authzids: string[] = [];
  mode: SmtpMode = 'ok';
  attempts = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  /** Starts the server with one account. */
  static async start(user: string, password: string, authMethods = ['PLAIN', 'LOGIN']): Promise<FakeSmtp> {
    const ref: { fake?: FakeSmtp } = {};
    const server = new SMTPServer({
      authMethods,
      logger: false,
      onAuth(auth, session, cb) {
        if (ref.fake?.mode === 'auth-refused')
          return cb(smtpError('Authentication credentials invalid', 535));
        if (!session.secure) return cb(new Error('Must issue a STARTTLS command first'));
        if (auth.username === user && auth.password === password) {
          ref.fake?.authMethods.push(auth.method);
          ref.fake?.authzids.push((auth as { authzid?: string }).authzid ?? '');
          return cb(null, { user: auth.username });
        }
        return cb(smtpError('Authentication credentials invalid', 535));
      },
      onMailFrom(_addr, _session, cb) {
        if (ref.fake) ref.fake.attempts++;
        if (ref.fake?.mode === 'transient')
          return cb(smtpError('Requested action aborted: try again later', 451));
        if (ref.fake?.mode === 'permanent') return cb(smtpError('Mailbox unavailable', 550));
        if (ref.fake?.mode === 'hang') return;
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (mail) => {
              ref.fake?.received.push({
                mail,
                raw,
                secure: session.secure,
                user: typeof session.user === 'string' ? session.user : undefined,
                envelopeFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              });
              cb();
            },
            (e: Error) => cb(e),
          );
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    const fake = new FakeSmtp(server, port, user, password);
    ref.fake = fake;
    return fake;
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
