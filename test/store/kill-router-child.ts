// Child for the router kill -9 test: creates silences and logs notifications through the real
// router classes, printing "ACK <n>" once both writes of round n are acknowledged.
import { systemClock } from '../../src/model/clock.js';
import { parseMatchers } from '../../src/model/matcher.js';
import { NotificationLog } from '../../src/router/nflog/nflog.js';
import { Silences } from '../../src/router/silence/silences.js';
import { openStore } from '../../src/store/store.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: kill-router-child.ts DIR');
const store = openStore(dir);
const silences = new Silences({ clock: systemClock, table: store.silences });
const nflog = new NotificationLog({ clock: systemClock, table: store.nflog });

async function loop(): Promise<void> {
  for (let n = 1; ; n++) {
    const now = systemClock.now();
    const id = await silences.set({
      matchers: parseMatchers(`round="${n}"`),
      startsAt: now,
      endsAt: now + 3600_000,
      createdBy: 'kill-test',
      comment: `round ${n}`,
    });
    await nflog.log(
      { groupKey: `{}:{round="${n}"}`, receiver: 'r', integration: 'webhook', index: 0 },
      { firing: [id], resolved: [], timestamp: now },
      now + 3600_000,
    );
    process.stdout.write(`ACK ${n}\n`);
  }
}
void loop();
