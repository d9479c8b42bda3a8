import type { Activity } from 'botbuilder';
import { createTestBot, textOf } from '../helpers/testBot.js';

/**
 * How the eval scorers read the whole bot, shared by the first-contact scorer
 * (firstContact.ts) and the risk regression test, so a regression is read exactly as first
 * contact was: every text and the cards' JSON (call buttons, numbers).
 */
export const everythingShown = (replies: Partial<Activity>[]): string =>
  replies.map((r) => `${textOf(r)} ${JSON.stringify(r.attachments ?? '')}`).join('\n');

/** Where the text is said: as an opening message, or as the answer to the assessment's first question. */
export async function replyTo(text: string, where: 'first' | 'assessment'): Promise<string> {
  const bot = createTestBot();
  // The welcome arrives when the chat opens (conversationUpdate), as in Web Chat, so the
  // reply read is the answer to the text alone, not the welcome's words.
  await bot.say({ type: 'conversationUpdate', membersAdded: [{ id: 'user-1', name: 'User' }], recipient: { id: 'bot', name: 'Bot' } });
  if (where === 'assessment') await bot.say('Find a program');
  return everythingShown(await bot.say(text));
}
