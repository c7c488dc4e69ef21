// Child process for the kill -9 test: writes, prints "ACK <n>" after each acknowledged batch,
// and keeps writing until killed.
import { openStore } from '../../src/store/store.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: kill-child.ts DIR');
const store = openStore(dir);
let n = 0;
async function loop(): Promise<void> {
  for (;;) {
    n++;
    const batch: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) batch.push(store.alerts.put(`fp-${n}-${i}`, JSON.stringify({ n, i })));
    batch.push(store.silences.put(`sil-${n}`, JSON.stringify({ n }), n));
    await Promise.all(batch);
    process.stdout.write(`ACK ${n}\n`);
  }
}
void loop();
