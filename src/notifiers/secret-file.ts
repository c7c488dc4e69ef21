// Secrets that may live in a `*_file`: the value loaded with the config, or the file read at send time.
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Secret } from '../model/secret.js';

/**
 * Returns the secret's value. An absolute `*_file` path is re-read at send time (so rotating the
 * file needs no reload, as in Alertmanager); otherwise the value loaded with the config is used.
 */
export async function readSecretOrFile(
  secret: Secret | undefined,
  file: string | undefined,
): Promise<string> {
  if (file !== undefined && file !== '' && isAbsolute(file)) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch {
      // Fall back to the value read at load time.
    }
  }
  if (secret !== undefined) return secret.reveal();
  throw new Error('secret is not configured');
}
