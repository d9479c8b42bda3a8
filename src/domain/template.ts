import { z } from 'zod';

/**
 * Texts with placeholders: "Call {name}", "call us any time at {helpline}". Each text in
 * data/ is declared with the placeholders its code supplies (and those it must use), so a
 * typo like {helpine}, or a number the code gives but the text forgot, stops the start-up
 * with the file and key named, instead of showing a person "{helpine}".
 */

/** Chat-sized: the issue asks for at most about 90 words per message. */
export const MAX_WORDS_PER_MESSAGE = 90;

/**
 * A button's label. Teams never wraps a button's title, it cuts it short, and Web Chat's
 * suggested actions are pills: 40 characters is about the widest that still reads as one
 * button on a phone. Topic titles and assessment answers already use it.
 */
export const MAX_LABEL_CHARS = 40;

export const wordCount = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a text uses, in order, without repeats. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export class TemplateError extends Error {}

/**
 * Fills {name} placeholders. A placeholder the values do not supply is refused (it would
 * reach the person as "{name}"); values the text does not use are fine.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TemplateError(`no value for {${name}} in "${template}"`);
    return String(value);
  });
}

/** What a text is for: a chat message (words), or a button label (characters). */
export type TextKind = 'chat' | 'label';

export interface TextSpec {
  readonly kind: TextKind;
  /** The placeholders the code supplies for this text. */
  readonly supplied: readonly string[];
  /** Those the text must use (a reply that must say the number, say). */
  readonly required: readonly string[];
  /** Words that must appear as they are (911 and 988 in a crisis apology). */
  readonly mustSay: readonly string[];
}

/** A chat message; `supplied` lists the placeholders the code fills, `required` those it must use. */
export const chat = (supplied: readonly string[] = [], options: { required?: readonly string[]; mustSay?: readonly string[] } = {}): TextSpec => ({
  kind: 'chat',
  supplied,
  required: options.required ?? [],
  mustSay: options.mustSay ?? [],
});

/** A button label (or a card title): short, and the same in every message that offers it. */
export const label = (supplied: readonly string[] = [], options: { required?: readonly string[] } = {}): TextSpec => ({
  kind: 'label',
  supplied,
  required: options.required ?? [],
  mustSay: [],
});

const list = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.map((n) => `{${n}}`).join(', '));

/** The problems of one text against its spec (empty when it is fine). */
export function templateProblems(text: string, spec: TextSpec): string[] {
  const problems: string[] = [];
  if (text.trim().length === 0) problems.push('must not be empty');
  const used = placeholdersOf(text);
  for (const name of used) {
    if (!spec.supplied.includes(name)) problems.push(`unknown placeholder {${name}} (this text can use: ${list(spec.supplied)})`);
  }
  for (const name of spec.required) {
    if (!used.includes(name)) problems.push(`must contain {${name}}`);
  }
  for (const words of spec.mustSay) {
    if (!text.includes(words)) problems.push(`must say ${words}`);
  }
  if (spec.kind === 'chat' && wordCount(text) > MAX_WORDS_PER_MESSAGE) problems.push(`must be at most ${MAX_WORDS_PER_MESSAGE} words`);
  if (spec.kind === 'label' && [...text].length > MAX_LABEL_CHARS) problems.push(`must be at most ${MAX_LABEL_CHARS} characters`);
  return problems;
}

/** The zod schema of one text: a string that meets its spec. */
export function textSchema(spec: TextSpec): z.ZodType<string> {
  return z.string().superRefine((text, ctx) => {
    for (const message of templateProblems(text, spec)) ctx.addIssue({ code: 'custom', message });
  });
}

/** A group of texts: key to spec, or to a nested group. */
export interface TextSpecs {
  readonly [key: string]: TextSpec | TextSpecs;
}

export const isTextSpec = (value: TextSpec | TextSpecs): value is TextSpec =>
  typeof (value as TextSpec).kind === 'string' && Array.isArray((value as TextSpec).supplied);

/** The texts of a spec tree as strings, nested the same way. */
export type TextsOf<S extends TextSpecs> = { readonly [K in keyof S]: S[K] extends TextSpec ? string : S[K] extends TextSpecs ? TextsOf<S[K]> : never };

/** The zod schema of a spec tree: every key required, no unknown keys (a misspelt key is a missing one). */
export function textsSchema<S extends TextSpecs>(specs: S): z.ZodType<TextsOf<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(specs)) shape[key] = isTextSpec(value) ? textSchema(value) : textsSchema(value);
  return z.strictObject(shape) as unknown as z.ZodType<TextsOf<S>>;
}

/** Every text of a spec tree with its dotted key ("callback.saved"), for tests and tools. */
export function eachText(specs: TextSpecs, texts: unknown, prefix = ''): Array<{ key: string; spec: TextSpec; text: string }> {
  const out: Array<{ key: string; spec: TextSpec; text: string }> = [];
  for (const [key, value] of Object.entries(specs)) {
    const child = (texts as Record<string, unknown>)[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTextSpec(value)) out.push({ key: path, spec: value, text: String(child) });
    else out.push(...eachText(value, child, path));
  }
  return out;
}
