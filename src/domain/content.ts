import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Chat-sized: the issue asks for at most about 90 words per message. */
export const MAX_WORDS_PER_MESSAGE = 90;
const wordCount = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;
const chatText = z
  .string()
  .min(1)
  .refine((s) => wordCount(s) <= MAX_WORDS_PER_MESSAGE, `must be at most ${MAX_WORDS_PER_MESSAGE} words`);

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
    learn: z.string().min(1),
    find: z.string().min(1),
    talk: z.string().min(1),
  }),
  help: z.array(chatText).min(1),
  fallback: z.object({ first: chatText, repeated: chatText }),
  cancelled: chatText,
  greeting: chatText,
  thanks: chatText,
  goodbye: chatText,
  learn: z.object({
    pick: chatText,
    tellMore: z.string().min(1),
    next: z.string().min(1),
    back: z.string().min(1),
    resume: z.string().min(1),
    noMore: chatText,
    allDone: chatText,
  }),
  programCard: z.object({
    /** The label of a program card's call button; {name} is the program's name ("Call Cedar Treatment Center"). */
    call: z.string().min(1).refine((s) => s.includes('{name}'), 'must name the program: put {name} in it'),
  }),
  cost: z.array(chatText).min(1),
  schedule: z.array(chatText).min(1),
});
export type BotText = z.infer<typeof BotText>;

export interface Content {
  text: BotText;
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

export function loadContent(dir = 'data'): Content {
  const text = readJsonFile(join(dir, 'content.json'), BotText);
  const { topics } = readJsonFile(join(dir, 'iop-topics.json'), TopicsFile);
  const byId = new Map(topics.map((t) => [t.id, t]));
  for (const id of TopicId.options) {
    if (!byId.has(id)) throw new ContentError(`${join(dir, 'iop-topics.json')}: topic "${id}" is missing`);
  }
  return {
    text,
    topics,
    topic: (id) => byId.get(id) as Topic,
  };
}
