// Shared steps of the HTTP client integration tests (proxies, OAuth 2.0): a config from text, and
// one notification through the first receiver's webhook.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { SendOutcome } from '../../src/notifiers/retry.js';
import { createWebhook } from '../../src/notifiers/webhook/webhook.js';

/** Loads `text` as a config file of its own temp dir. */
export async function loadConfigText(text: string): Promise<{ config?: Config; diagnostics: Diagnostic[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-http-client-'));
  const file = path.join(dir, 'vigil.yml');
  await writeFile(file, text);
  return loadConfig([file]);
}

/** Sends one (empty) notification with the first receiver's first webhook, then closes it. */
export async function sendFirstWebhook(config: Config): Promise<SendOutcome> {
  const hook = config.receivers[0]?.webhook_configs[0];
  if (hook === undefined) throw new Error('the config has no webhook receiver');
  const webhook = await createWebhook(hook, {
    externalURL: 'http://vigil',
    userAgent: 'vigil-test',
    now: Date.now,
  });
  try {
    return await webhook.send(
      {
        groupKey: '{}:{}',
        groupLabels: {},
        receiver: config.receivers[0]?.name ?? '',
        signal: AbortSignal.timeout(5000),
      },
      [],
    );
  } finally {
    await webhook.close();
  }
}
