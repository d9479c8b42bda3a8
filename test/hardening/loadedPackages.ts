import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { sendExpectingReplies } from '../helpers/expectReplies.js';

/**
 * Run by startupModules.test.ts in its own process: starts the bot with the default
 * configuration, answers a few turns over HTTP (menu, a topic, a prompt answer), then
 * prints the CommonJS files node has loaded (ESM imports of CommonJS packages load them
 * through the same cache) as a JSON array of paths relative to node_modules.
 */
const config = loadConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  CALLBACK_QUEUE_PATH: join(tmpdir(), `loaded-packages-${randomUUID()}.json`),
});
const app = await createApp(config);
const port = await app.listen(0, '127.0.0.1');
for (const text of ['hi', 'Learn about IOP', 'Group therapy', 'Tell me more', 'yes']) {
  const { status } = await sendExpectingReplies(port, 'loaded-packages', text);
  if (status !== 200) throw new Error(`turn "${text}" answered ${status}`);
}
await app.close();
const loaded = Object.keys(createRequire(import.meta.url).cache)
  .map((file) => file.split('/node_modules/').at(-1) ?? file)
  .sort();
process.stdout.write(`${JSON.stringify(loaded)}\n`);
