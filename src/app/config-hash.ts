// A number identifying the loaded configuration, exported as `vigil_config_hash`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * Hashes the contents of the given files (in order, with their names) into an integer below
 * 2^48, which a float64 gauge holds exactly. Unreadable files hash as their error text.
 */
export async function hashFiles(files: readonly string[]): Promise<number> {
  const h = createHash('sha256');
  for (const file of files) {
    h.update(file).update('\u0000');
    try {
      h.update(await readFile(file));
    } catch (err) {
      h.update(err instanceof Error ? err.message : String(err));
    }
    h.update('\u0000');
  }
  return h.digest().readUIntBE(0, 6);
}
