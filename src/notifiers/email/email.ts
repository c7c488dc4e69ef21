// The email integration: nodemailer over SMTP with STARTTLS and AUTH, a multipart HTML + text body.
import { readFile } from 'node:fs/promises';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { EmailConfig, TLSConfig } from '../../config/types.js';
import type { Alert } from '../../model/alert.js';
import type { NotifyContext } from '../types.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import { Fields, notificationData, preparationFailure, redact } from '../env.js';
import { SENT } from '../retry.js';
import type { SendOutcome } from '../retry.js';

const WHAT = 'email';

/** Splits `host:port` (IPv6 in brackets) as Go's net.SplitHostPort does. */
export function splitHostPort(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!m) throw new Error(`invalid smarthost ${JSON.stringify(addr)}`);
  return { host: m[1] ?? m[2] ?? '', port: Number(m[3]) };
}

async function tlsOptions(tls: TLSConfig): Promise<Record<string, unknown>> {
  const read = (f: string | undefined): Promise<string | undefined> =>
    f === undefined ? Promise.resolve(undefined) : readFile(f, 'utf8');
  const ca = tls.ca ?? (await read(tls.ca_file));
  const cert = tls.cert ?? (await read(tls.cert_file));
  const key = tls.key?.reveal() ?? (await read(tls.key_file));
  return {
    rejectUnauthorized: !tls.insecure_skip_verify,
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(tls.server_name !== undefined && tls.server_name !== '' ? { servername: tls.server_name } : {}),
    ...(tls.min_version !== undefined
      ? { minVersion: tls.min_version.replace(/^TLS1(\d)$/, 'TLSv1.$1') }
      : {}),
  };
}

/** The secrets this config sends, for redaction (password, CRAM secret and their encodings). */
async function credentials(conf: EmailConfig): Promise<{ password?: string; secret?: string }> {
  const password =
    conf.auth_password?.reveal() ??
    (conf.auth_password_file !== undefined
      ? (await readFile(conf.auth_password_file, 'utf8')).trim()
      : undefined);
  const secret = conf.auth_secret?.reveal();
  return { ...(password ? { password } : {}), ...(secret ? { secret } : {}) };
}

function secretForms(user: string, values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    out.push(v, Buffer.from(v).toString('base64'), Buffer.from(`\u0000${user}\u0000${v}`).toString('base64'));
  }
  return out;
}

/**
 * AUTH PLAIN carrying `auth_identity` as the authorization identity (RFC 4616), which Go's
 * smtp.PlainAuth sends and nodemailer's built-in PLAIN leaves empty.
 */
export function plainWithIdentity(identity: string): NonNullable<SMTPConnection.Options['customAuth']> {
  return {
    PLAIN: async (ctx) => {
      const creds = ctx.auth.credentials;
      const token = Buffer.from(`${identity}\u0000${creds.user}\u0000${creds.pass}`).toString('base64');
      const r = await ctx.sendCommand(`AUTH PLAIN ${token}`);
      if (r.status !== 235) return ctx.reject(new Error(`Invalid login: ${r.response}`));
      return ctx.resolve();
    },
  };
}

/** Connection options plus the credentials to log in with (none without a username). */
type SessionOptions = SMTPConnection.Options & { auth?: { user: string; pass: string; method?: string } };

async function transportOptions(
  conf: EmailConfig,
  creds: { password?: string; secret?: string },
): Promise<SessionOptions> {
  const { host, port } = splitHostPort(conf.smarthost);
  const user = conf.auth_username ?? '';
  let auth: SessionOptions['auth'];
  if (user !== '' && creds.password !== undefined) auth = { user, pass: creds.password };
  else if (user !== '' && creds.secret !== undefined) auth = { user, pass: creds.secret, method: 'CRAM-MD5' };
  return {
    host,
    port,
    secure: port === 465,
    name: conf.hello,
    requireTLS: conf.require_tls && port !== 465,
    ignoreTLS: !conf.require_tls,
    tls: await tlsOptions(conf.tls_config),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 30_000,
    ...(auth !== undefined ? { auth } : {}),
    ...(conf.auth_identity !== undefined && conf.auth_identity !== '' && auth?.method === undefined
      ? { customAuth: plainWithIdentity(conf.auth_identity) }
      : {}),
  };
}

/** The rendered message: header values, envelope and bodies, as Alertmanager builds them. */
export function renderEmail(
  conf: EmailConfig,
  f: Fields,
): { headers: Record<string, string>; html?: string; text?: string; envelope: { from: string; to: string } } {
  const headers: Record<string, string> = {};
  const templates: Record<string, string> = { To: conf.to, From: conf.from, ...conf.headers };
  for (const [name, tmpl] of Object.entries(templates)) headers[name] = f.text(tmpl, `headers.${name}`);
  const out: {
    headers: Record<string, string>;
    html?: string;
    text?: string;
    envelope: { from: string; to: string };
  } = {
    headers,
    envelope: { from: f.text(conf.from, 'from'), to: f.text(conf.to, 'to') },
  };
  if (conf.html !== undefined && conf.html !== '') out.html = f.html(conf.html, 'html');
  if (conf.text !== undefined && conf.text !== '') out.text = f.text(conf.text, 'text');
  return out;
}

/** SMTP outcome: 4xx replies and transport failures are retried, 5xx replies are permanent. */
export function classifySmtpError(err: unknown, secrets: readonly string[]): SendOutcome {
  const e = err as { responseCode?: unknown; code?: unknown; message?: unknown };
  const message = redact(typeof e.message === 'string' ? e.message : String(err), secrets)
    .replace(/\s+/g, ' ')
    .trim();
  const code = typeof e.code === 'string' ? e.code : '';
  const error = new Error(`${WHAT}: ${code !== '' ? `${code}: ` : ''}${message}`);
  if (typeof e.responseCode === 'number') return { retry: e.responseCode < 500, error };
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'ESTREAM') return { retry: false, error };
  return { retry: true, error };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal, onAbort: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort();
    return Promise.reject(new Error('context deadline exceeded'));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort();
      reject(new Error('context deadline exceeded'));
    };
    signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The addresses of an RFC 5322 list (`a@b, "N" <c@d>`), groups flattened. */
export function addressList(text: string): string[] {
  const out: string[] = [];
  const walk = (list: ReturnType<typeof addressparser>): void => {
    for (const a of list) {
      if ('group' in a && Array.isArray(a.group)) walk(a.group);
      else if ('address' in a && a.address) out.push(a.address);
    }
  };
  walk(addressparser(text));
  return out;
}

/** Renders the MIME message: multipart/alternative when both bodies are set, Message-Id and Date added. */
function compose(rendered: ReturnType<typeof renderEmail>, date: Date): Promise<Buffer> {
  const { To, From, Subject, ...rest } = rendered.headers;
  return new MailComposer({
    from: From ?? rendered.envelope.from,
    to: To ?? rendered.envelope.to,
    subject: Subject ?? '',
    headers: rest,
    date,
    ...(rendered.text !== undefined ? { text: rendered.text } : {}),
    ...(rendered.html !== undefined ? { html: rendered.html } : {}),
  })
    .compile()
    .build();
}

/** One SMTP session: connect (STARTTLS as configured), AUTH when offered, MAIL/RCPT/DATA, QUIT. */
async function deliver(
  conn: SMTPConnection,
  auth: { user: string; pass: string; method?: string } | undefined,
  envelope: { from: string; to: string[] },
  message: Buffer,
): Promise<void> {
  const failed = new Promise<never>((_resolve, reject) => conn.on('error', reject));
  failed.catch(() => undefined);
  const step = <T>(run: (cb: (err?: Error | null, v?: T) => void) => void): Promise<T | undefined> =>
    Promise.race([
      failed,
      new Promise<T | undefined>((res, rej) => run((err, v) => (err ? rej(err) : res(v)))),
    ]);
  await step<void>((cb) => conn.connect(cb));
  const offersAuth = (conn as unknown as { allowsAuth?: boolean }).allowsAuth === true;
  if (auth !== undefined && offersAuth) {
    await step<void>((cb) =>
      conn.login(
        {
          credentials: { user: auth.user, pass: auth.pass },
          ...(auth.method ? { method: auth.method } : {}),
        },
        (err) => cb(err),
      ),
    );
  }
  await step<unknown>((cb) => conn.send(envelope, message, (err, info) => cb(err, info)));
  conn.quit();
}

/** Creates the notifier for one `email_configs` entry; one SMTP session per notification. */
export function createEmail(conf: EmailConfig, env: NotifierEnv): ClosableNotifier {
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      let secrets: string[] = [];
      let options: SessionOptions;
      let rendered: ReturnType<typeof renderEmail>;
      try {
        const creds = await credentials(conf);
        secrets = secretForms(
          conf.auth_username ?? '',
          [creds.password ?? '', creds.secret ?? ''].filter((s) => s !== ''),
        );
        options = await transportOptions(conf, creds);
        rendered = renderEmail(
          conf,
          new Fields(env.templates, notificationData(ctx, alerts, env.externalURL)),
        );
      } catch (e) {
        return preparationFailure(WHAT, e, secrets);
      }
      const { auth, ...connection } = options;
      const conn = new SMTPConnection(connection as SMTPConnection.Options);
      try {
        const envelope = {
          from: addressList(rendered.envelope.from)[0] ?? '',
          to: addressList(rendered.envelope.to),
        };
        const message = await compose(rendered, new Date(env.now()));
        await abortable(deliver(conn, auth, envelope, message), ctx.signal, () => conn.close());
        return SENT;
      } catch (e) {
        return classifySmtpError(e, secrets);
      } finally {
        conn.close();
      }
    },
    close: () => Promise.resolve(),
  };
}
