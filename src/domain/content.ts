import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import { MESSAGE_SPECS, MessagesFile, messagesPath, DEFAULT_LOCALE, type Locale, type Messages } from './messages.js';
import { chat, label, textSchema, textsSchema, MAX_WORDS_PER_MESSAGE } from './template.js';
import { MeetingTextsFile, meetingTextsPath, type MeetingTexts } from './meetings/texts.js';

export { MAX_WORDS_PER_MESSAGE };

/** A chat message with no placeholders: a "{name}" here would reach the person as it is. */
const chatText = textSchema(chat());
/** A button label with no placeholders. */
const labelText = textSchema(label());

export const TopicId = z.enum([
  'what_is_iop',
  'group_therapy',
  'individual_counseling',
  'support_groups',
  'complementary',
  'aftercare',
]);
export type TopicId = z.infer<typeof TopicId>;

export const Topic = z.object({
  id: TopicId,
  title: z.string().min(1).max(40),
  summary: chatText,
  more: z.array(chatText),
});
export type Topic = z.infer<typeof Topic>;

export const TopicsFile = z.object({
  source: z.string().optional(),
  topics: z
    .array(Topic)
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'topic ids must be unique'),
});

export const BotText = z.object({
  helpline: z.object({
    display: z.string().regex(/^\d{3}-\d{3}-\d{4}$/),
    tel: z.string().regex(/^tel:\+1\d{10}$/),
    hours: chatText,
    whatHappens: chatText,
  }),
  welcome: z.array(chatText).min(1),
  menu: z.object({
    prompt: chatText,
    again: chatText,
    learn: labelText,
    find: labelText,
    talk: labelText,
  }),
  help: z.array(chatText).min(1),
  fallback: z.object({ first: chatText, repeated: chatText }),
  cancelled: chatText,
  greeting: chatText,
  thanks: chatText,
  goodbye: chatText,
  learn: z.object({
    pick: chatText,
    tellMore: labelText,
    next: labelText,
    back: labelText,
    resume: labelText,
    noMore: chatText,
    allDone: chatText,
  }),
  /** The words on a program card (src/replies/programCards.ts). */
  programCard: textsSchema({
    /** The call button; {name} is the program's name ("Call Cedar Treatment Center"): with cards side by side it says which one it calls. */
    call: label(['name'], { required: ['name'] }),
    website: label(),
    /** Asks for the next programs; the suggestions dialog listens for it. */
    showMore: label(),
    /** The number as text on the card (some clients ignore tel: links). */
    phone: chat(['phone'], { required: ['phone'] }),
    /** The number as bold text on a Teams card. */
    callPhone: chat(['phone'], { required: ['phone'] }),
    telehealth: chat(['city', 'state']),
    milesAway: chat(['miles', 'city', 'state'], { required: ['miles'] }),
    place: chat(['city', 'state']),
    /** {days} is the schedule in words ("Mon, Wed, Thu evenings"). */
    schedule: chat(['days', 'start', 'end']),
    scheduleUnknown: chat(),
  }),
  cost: z.array(chatText).min(1),
  schedule: z.array(chatText).min(1),
});
export type BotText = z.infer<typeof BotText>;

export interface Content {
  text: BotText;
  /** The dialogs' and replies' other words (data/messages.json). */
  messages: Messages;
  /** The meeting search's words (data/meetings-text.json). */
  meetings: MeetingTexts;
  topics: readonly Topic[];
  topic(id: TopicId): Topic;
}

export class ContentError extends Error {}

/** Reads and validates one JSON data file; errors name the file and the field. */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ContentError(`Cannot read ${path}: ${code === 'ENOENT' ? 'file not found' : String(code ?? err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ContentError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new ContentError(`${path}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Every button label the content defines (menus, topic titles, navigation). */
export function buttonLabels(content: Content): string[] {
  const { menu, learn } = content.text;
  return [menu.learn, menu.find, menu.talk, learn.tellMore, learn.next, learn.back, learn.resume, ...content.topics.map((t) => t.title)];
}

/** Reads a locale's data/messages.json (see messages.ts for where other locales will live). */
export function loadMessages(dir = 'data', locale: Locale = DEFAULT_LOCALE): Messages {
  return readJsonFile(messagesPath(dir, locale), MessagesFile);
}

export { MESSAGE_SPECS };

export function loadContent(dir = 'data'): Content {
  const text = readJsonFile(join(dir, 'content.json'), BotText);
  const messages = loadMessages(dir);
  const { topics } = readJsonFile(join(dir, 'iop-topics.json'), TopicsFile);
  const byId = new Map(topics.map((t) => [t.id, t]));
  for (const id of TopicId.options) {
    if (!byId.has(id)) throw new ContentError(`${join(dir, 'iop-topics.json')}: topic "${id}" is missing`);
  }
  return {
    text,
    messages,
    meetings: readJsonFile(meetingTextsPath(dir), MeetingTextsFile),
    topics,
    topic: (id) => byId.get(id) as Topic,
  };
}
