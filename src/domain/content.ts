import { readFileSync } from 'node:fs';
import { z } from 'zod';

import { MESSAGE_SPECS, MessagesFile, type Messages } from './messages.js';
import { DEFAULT_LOCALE, LOCALES, localePath, perLocale, type Locale } from './locale.js';
import { chat, label, textSchema, textsSchema, MAX_WORDS_PER_MESSAGE } from './template.js';
import { MeetingTextsFile, type MeetingTexts } from './meetings/texts.js';

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
    /** The menu's button for the other language, written in that language ("Español", "English"). */
    language: labelText,
    /** Said when the person picks this language (the button, or "español" / "English" typed). */
    languageChosen: chatText,
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
    /** A mile or less: "About a mile away", not "About 1 miles away". */
    mileAway: chat(['city', 'state']),
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
  /** The language of these texts. */
  locale: Locale;
  /** The same content in another locale (every locale is loaded and validated at start-up). */
  in(locale: Locale): Content;
  text: BotText;
  /** The dialogs' and replies' other words (data/messages.json). */
  messages: Messages;
  /** The meeting search's words (data/meetings-text.json). */
  meetings: MeetingTexts;
  /** HELPLINE_SPANISH_STAFF: the helpline has Spanish-speaking staff (said only when an operator says so). */
  helplineSpanishStaff: boolean;
  topics: readonly Topic[];
  topic(id: TopicId): Topic;
}

export class ContentError extends Error {}

/** Reads and validates one JSON data file; errors name the file and the field. */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T {
  return validate(path, readJson(path), schema);
}

/**
 * Reads a locale's copy of a data file (data/locales/<locale>/<name>), validated by the same
 * schema as the English one. A key the locale's file lacks (an English text added since it
 * was written) is taken from English and recorded in `localeGaps` (the start-up log names
 * them; test/content/locales.test.ts fails on any): a new English text never stops the start,
 * and nothing else can be missing. English reads as readJsonFile.
 */
export function readLocaleFile<T>(dir: string, name: string, locale: Locale, schema: z.ZodType<T>): T {
  const englishPath = localePath(dir, name);
  if (locale === DEFAULT_LOCALE) return readJsonFile(englishPath, schema);
  const path = localePath(dir, name, locale);
  const gaps: string[] = [];
  const merged = withEnglishGaps(readJson(path), readJson(englishPath), '', gaps);
  for (const key of gaps) localeGaps.add(`${path}: ${key}`);
  return validate(path, merged, schema);
}

/** Keys a locale's file lacked at load, taken from English ("data/locales/es/messages.json: talk.chat"). */
export const localeGaps = new Set<string>();

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The locale's value with every key it lacks filled from English (lists are whole: a locale's list is its own). */
function withEnglishGaps(local: unknown, english: unknown, at: string, gaps: string[]): unknown {
  if (local === undefined) {
    gaps.push(at || '(root)');
    return english;
  }
  if (!isRecord(local) || !isRecord(english)) return local;
  const out: Record<string, unknown> = { ...local };
  for (const [key, value] of Object.entries(english)) out[key] = withEnglishGaps(local[key], value, at ? `${at}.${key}` : key, gaps);
  return out;
}

function readJson(path: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ContentError(`Cannot read ${path}: ${code === 'ENOENT' ? 'file not found' : String(code ?? err)}`);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new ContentError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function validate<T>(path: string, json: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new ContentError(`${path}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Every button label the content defines (menus, topic titles, navigation), in every locale. */
export function buttonLabels(content: Content): string[] {
  return LOCALES.flatMap((locale) => {
    const { text, topics } = content.in(locale);
    const { menu, learn } = text;
    return [menu.learn, menu.find, menu.talk, menu.language, learn.tellMore, learn.next, learn.back, learn.resume, ...topics.map((t) => t.title)];
  });
}

/** Reads a locale's messages: data/messages.json, or data/locales/<locale>/messages.json. */
export function loadMessages(dir = 'data', locale: Locale = DEFAULT_LOCALE): Messages {
  return readLocaleFile(dir, 'messages.json', locale, MessagesFile);
}

export { MESSAGE_SPECS };

/**
 * Every locale's content, validated at start-up (a missing or bad Spanish file stops the start
 * like an English one). Returns the English content; `content.in(locale)` gives another.
 */
export function loadContent(dir = 'data', options: { helplineSpanishStaff?: boolean } = {}): Content {
  const all: Readonly<Record<Locale, Content>> = perLocale((locale): Content => loadLocaleContent(dir, locale, (other): Content => all[other], options.helplineSpanishStaff === true));
  return all[DEFAULT_LOCALE];
}

function loadLocaleContent(dir: string, locale: Locale, other: (locale: Locale) => Content, helplineSpanishStaff: boolean): Content {
  const text = readLocaleFile(dir, 'content.json', locale, BotText);
  const messages = loadMessages(dir, locale);
  const topicsPath = localePath(dir, 'iop-topics.json', locale);
  const { topics } = readLocaleFile(dir, 'iop-topics.json', locale, TopicsFile);
  const byId = new Map(topics.map((t) => [t.id, t]));
  for (const id of TopicId.options) {
    if (!byId.has(id)) throw new ContentError(`${topicsPath}: topic "${id}" is missing`);
  }
  return {
    locale,
    in: other,
    text,
    messages,
    meetings: readLocaleFile(dir, 'meetings-text.json', locale, MeetingTextsFile),
    helplineSpanishStaff,
    topics,
    topic: (id) => byId.get(id) as Topic,
  };
}
