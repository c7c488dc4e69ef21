// Basic authentication and fixed response headers from the web config file.
import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { FastifyInstance } from 'fastify';

/** A cost-10 bcrypt hash of a throwaway string, compared against for unknown users so timing does not reveal names. */
const DUMMY_HASH = '$2a$10$lkcGeqbtT4.bnaFkOvW9euPXpecSwJy.5Y3npjDZ48EYxq21ZtVrO';

/** Remembers credentials that already passed bcrypt, since a bcrypt check costs tens of milliseconds. */
class AuthCache {
  private readonly ok = new Set<string>();
  key(user: string, pass: string, hash: string): string {
    return createHash('sha256').update(`${user}\u0000${pass}\u0000${hash}`).digest('hex');
  }
  has(key: string): boolean {
    return this.ok.has(key);
  }
  add(key: string): void {
    if (this.ok.size > 1000) this.ok.clear();
    this.ok.add(key);
  }
}

function parseBasic(header: string | undefined): { user: string; pass: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+(\S+)$/i.exec(header);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** Constant-time string comparison for user names. */
function sameText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

async function authorized(
  users: ReadonlyMap<string, string>,
  cache: AuthCache,
  header: string | undefined,
): Promise<boolean> {
  const creds = parseBasic(header);
  if (!creds) return false;
  let hash: string | undefined;
  for (const [name, h] of users) if (sameText(name, creds.user)) hash = h;
  const key = cache.key(creds.user, creds.pass, hash ?? DUMMY_HASH);
  if (hash !== undefined && cache.has(key)) return true;
  const match = await bcrypt.compare(creds.pass, hash ?? DUMMY_HASH);
  if (match && hash !== undefined) {
    cache.add(key);
    return true;
  }
  return false;
}

/**
 * Adds an `onRequest` hook to the root instance (so it covers every route, 404s included) that
 * demands valid basic-auth credentials when users are configured, and sets the configured headers.
 */
export function installWebSecurity(
  app: FastifyInstance,
  users: ReadonlyMap<string, string>,
  headers: Readonly<Record<string, string>>,
): void {
  const cache = new AuthCache();
  app.addHook('onRequest', async (req, reply) => {
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    if (users.size === 0) return;
    if (await authorized(users, cache, req.headers.authorization)) return;
    await reply
      .code(401)
      .header('www-authenticate', 'Basic')
      .type('text/plain; charset=utf-8')
      .send('Unauthorized\n');
  });
}
