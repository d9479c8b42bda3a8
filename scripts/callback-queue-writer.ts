/**
 * Test helper for the callback queue's crash test (test/escalation/queueKill.test.ts):
 * adds callback requests to the queue file given as the first argument, from several
 * concurrent loops, forever, and prints "ack <id>" for each one only after add() resolved,
 * i.e. after the durable write. The test SIGKILLs it mid-stream and checks the file.
 */
import { CallbackQueue } from '../src/domain/callbacks/queueStore.js';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: callback-queue-writer <queue file>\n');
  process.exit(2);
}
const LOOPS = 4;

const queue = await CallbackQueue.open(path, { maxPending: 1_000_000 });
process.stdout.write('ready\n');

let n = 0;
async function loop(): Promise<never> {
  for (;;) {
    const suffix = String(n++ % 10000).padStart(4, '0');
    const record = await queue.add({ phone: `+1312555${suffix}`, bestTime: 'Morning', consentAt: new Date() });
    process.stdout.write(`ack ${record.id}\n`);
  }
}
await Promise.all(Array.from({ length: LOOPS }, loop));
