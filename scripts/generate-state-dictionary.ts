/**
 * Writes data/state-dictionary.txt: conversation states as the bot stores them after
 * typical turns (the menu, the assessment, learning, talking to someone), used as the
 * memory state store's preset deflate dictionary (src/state/createStorage.ts).
 *
 *   npx tsx scripts/generate-state-dictionary.ts     (npm run state:dictionary)
 *
 * Why: with the words of real states in the dictionary a one-turn conversation's state
 * (~1.2 KB of JSON) deflates to a few dozen bytes instead of ~300, which is ~15 MB less
 * heap for 50,000 stored conversations. It only affects compression, never what is read
 * back, so an out-of-date file costs a few bytes per conversation; run this again after
 * changing prompts or dialogs.
 */
import { writeFileSync } from 'node:fs';
import { MemoryStorage, TestAdapter } from 'botbuilder';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fromRoot } from '../src/paths.js';
import { MAX_DICTIONARY_BYTES, STATE_DICTIONARY_PATH } from '../src/state/expiringMemoryStorage.js';

/** Conversations, least typical first: the dictionary's end is the cheapest to refer to. */
const CONVERSATIONS: readonly (readonly string[])[] = [
  ['hi', 'Talk to someone now'],
  ['hi', 'Learn about IOP', 'What an IOP is'],
  ['hi', 'Find a program', 'Finished detox', 'skip', 'skip', 'skip', '97201', 'skip', 'skip', 'skip'],
  ['hi'],
];

const storage = new MemoryStorage();
const app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }), storage });
const states: string[] = [];
for (const [n, messages] of CONVERSATIONS.entries()) {
  const adapter = new TestAdapter((context) => app.bot.run(context), { conversation: { id: `dictionary-${n}`, name: '', isGroup: false, conversationType: '' } });
  for (const message of messages) {
    await adapter.receiveActivity(message);
    adapter.activeQueue.splice(0);
    const stored = (storage as unknown as { memory: Record<string, string> }).memory;
    for (const [key, value] of Object.entries(stored)) if (key.includes(`dictionary-${n}`)) states.push(value);
  }
}
await app.close();

// Later states win a place; the newest (the plain menu) ends the dictionary.
const unique = [...new Set(states.reverse())].reverse();
let text = unique.join('\n');
while (Buffer.byteLength(text) > MAX_DICTIONARY_BYTES && unique.length > 1) text = (unique.shift(), unique.join('\n'));
writeFileSync(fromRoot(STATE_DICTIONARY_PATH), text);
process.stdout.write(`Wrote ${STATE_DICTIONARY_PATH}: ${unique.length} states, ${Buffer.byteLength(text)} bytes\n`);
process.exit(0);
