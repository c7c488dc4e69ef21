import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../src/model/clock.js';
import { NotificationLog } from '../../src/router/nflog/nflog.js';
import { Silencer } from '../../src/router/silence/silencer.js';
import { Silences } from '../../src/router/silence/silences.js';
import { openStore } from '../../src/store/store.js';
import { runAndKill } from './kill-helper.js';

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-kill-router-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('keeps every acknowledged silence and notification-log entry after kill -9', async () => {
  const acked = await runAndKill(join(here, 'kill-router-child.ts'), dir, 30);
  expect(acked).toBeGreaterThanOrEqual(30);
  const store = openStore(dir);
  try {
    const silences = new Silences({ clock: systemClock, table: store.silences });
    const nflog = new NotificationLog({ clock: systemClock, table: store.nflog });
    const silencer = new Silencer(silences, systemClock);
    for (let n = 1; n <= acked; n++) {
      const muting = silencer.mutes({ alertname: 'X', round: String(n) });
      expect(muting).toHaveLength(1);
      const entry = nflog.query({
        groupKey: `{}:{round="${n}"}`,
        receiver: 'r',
        integration: 'webhook',
        index: 0,
      });
      expect(entry?.firing).toEqual(muting);
    }
  } finally {
    store.close();
  }
});
