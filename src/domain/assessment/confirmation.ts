import type { AnswerChange } from './applyAnswers.js';
import type { AssessmentText, QuestionText } from './assessmentText.js';
import { describeLocation } from './location.js';

/**
 * "a", "a and b", "a, b, and c" (or "a, b, or c" with word "or"); the word comes from the
 * texts' language (assessment messages "and" / "or"). Spanish takes no comma before it: "a, b y c".
 */
export function joinClauses(items: readonly string[], word = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]} ${word} ${items[1]}`;
  const serialComma = word === 'and' || word === 'or' ? ',' : '';
  return `${items.slice(0, -1).join(', ')}${serialComma} ${word} ${items.at(-1)}`;
}

const optionOf = (question: QuestionText, value: string) => question.options.find((o) => o.value === value);

/** Whose answers are said back. */
export interface Speaking {
  /** The help is for someone else: the answers are theirs ("they work nights", "trabaja de noche"), not "you". */
  aboutThem?: boolean;
  /** Said in place of the age group ("your son is 16" rather than "they're under 18"). */
  age?: string;
}

/** What the bot understood from one message, in one short message; undefined when nothing changed. */
export function confirmationMessage(changes: readonly AnswerChange[], text: AssessmentText, options: { gotIt: boolean } & Speaking): string | undefined {
  const { understood, corrections } = understoodParts(changes, text, options);
  const parts = [...(options.gotIt && understood.length > 0 ? [fill(text.messages.gotIt, { items: joinClauses(understood, text.messages.and) })] : []), ...corrections];
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The pieces of the confirmation: what was understood ("you work nights") and what changed ("You said … before"). */
export function understoodParts(changes: readonly AnswerChange[], text: AssessmentText, speaking: Speaking = {}): { understood: string[]; corrections: string[] } {
  const understood: string[] = [];
  const corrections: string[] = [];
  const them = speaking.aboutThem === true;
  for (const change of changes) {
    if (change.question === 'location') {
      understood.push(fill(them ? text.messages.nearThem : text.messages.near, { place: describeLocation(change.after) }));
      if (change.contradicts && change.before) {
        corrections.push(fill(text.messages.changed, { old: describeLocation(change.before), new: describeLocation(change.after) }));
      }
      continue;
    }
    const question = text.questions[change.question];
    const added = change.added.map((v) => optionOf(question, v)).filter((o) => o !== undefined);
    const list = them ? question.understoodListThem : question.understoodList;
    if (change.question === 'ageGroup' && speaking.age !== undefined) {
      if (added.length > 0) understood.push(speaking.age);
    } else if (added.length > 1 && list) {
      understood.push(fill(list, { items: joinClauses(added.map((o) => o.short), text.messages.and) }));
    } else {
      understood.push(...added.map((o) => (them ? o.understoodThem : o.understood)));
    }
    if (change.contradicts && change.before) {
      const old = optionOf(question, change.before[0] ?? '');
      const now = optionOf(question, change.after[0] ?? '');
      if (old && now) corrections.push(fill(text.messages.changed, { old: old.short, new: now.short }));
    }
  }
  return { understood, corrections };
}

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}
