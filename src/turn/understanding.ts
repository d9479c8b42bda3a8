import type { TurnContext } from 'botbuilder';
import type { IntentName, IntentResult } from '../domain/nlu/intentNames.js';
import type { Locale } from '../domain/locale.js';
import { languageChosenThisTurn, turnLocale } from './locale.js';

/** Anything that turns a message into an intent (the natural-based recognizer in production). */
export interface Recognizer {
  /** `locale` is the turn's language: the Spanish model reads a Spanish conversation. */
  recognize(text: string, locale?: Locale): IntentResult;
}

/** Commands that work from every prompt, matched exactly so they never depend on the classifier. */
export type GlobalCommand = 'help' | 'cancel' | 'start_over' | 'restart' | 'talk_to_person' | 'get_help_now' | 'choose_language';

const COMMANDS: ReadonlyMap<string, GlobalCommand> = new Map<string, GlobalCommand>([
  ['help', 'help'],
  ['cancel', 'cancel'],
  ['stop', 'cancel'],
  ['quit', 'cancel'],
  ['menu', 'start_over'],
  ['main menu', 'start_over'],
  // "start over" means the menu, except inside a dialog that restarts itself (the assessment).
  ['start over', 'restart'],
  ['restart', 'restart'],
  ['back to menu', 'start_over'],
  ['talk to someone', 'talk_to_person'],
  ['talk to someone now', 'talk_to_person'],
  ['talk to a person', 'talk_to_person'],
  ['get help now', 'get_help_now'],
  // Spanish, accents and case aside (normalizeForMatch keeps the letters, so both spellings are listed).
  ['ayuda', 'help'],
  ['cancelar', 'cancel'],
  ['parar', 'cancel'],
  ['menú', 'start_over'],
  ['menu principal', 'start_over'],
  ['menú principal', 'start_over'],
  ['volver al menú', 'start_over'],
  ['volver al menu', 'start_over'],
  ['empezar de nuevo', 'restart'],
  ['volver a empezar', 'restart'],
  ['hablar con alguien', 'talk_to_person'],
  ['hablar con alguien ahora', 'talk_to_person'],
  ['hablar con una persona', 'talk_to_person'],
  ['ayuda ahora', 'get_help_now'],
  ['conseguir ayuda ahora', 'get_help_now'],
  // "English" first: the phrase tests pick for this command keeps an English conversation English.
  // The locale middleware reads the longer choices ("háblame en español", data/language-words.json).
  ['english', 'choose_language'],
  ['español', 'choose_language'],
  ['espanol', 'choose_language'],
  ['spanish', 'choose_language'],
  ['en español', 'choose_language'],
  ['inglés', 'choose_language'],
  ['en inglés', 'choose_language'],
]);

/** The command words, as a button or a person would send them. */
export function commandPhrases(): string[] {
  return [...COMMANDS.keys()];
}

export interface Understanding {
  /** Normalized (plain, trimmed) text; never logged or stored. */
  text: string;
  command?: GlobalCommand;
  intent: IntentName;
  score: number;
}

const KEY = Symbol('understanding');

export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function commandOf(text: string): GlobalCommand | undefined {
  return COMMANDS.get(normalizeForMatch(text));
}

/** Understands the turn's text once and caches it on the turn. */
export function understand(context: TurnContext, recognizer: Recognizer): Understanding {
  const cached = context.turnState.get(KEY) as Understanding | undefined;
  if (cached) return cached;
  const text = typeof context.activity.text === 'string' ? context.activity.text : '';
  // A language choice is the locale middleware's to decide (src/turn/locale.ts): at the care-language question "Español" is an answer.
  const typed = commandOf(text);
  const command = typed === 'choose_language' || typed === undefined ? (languageChosenThisTurn(context) ? 'choose_language' : undefined) : typed;
  const { intent, score } = text.length > 0 ? recognizer.recognize(text, turnLocale(context)) : { intent: 'unknown' as const, score: 1 };
  const result: Understanding = { text, command, intent, score };
  context.turnState.set(KEY, result);
  return result;
}

/** The understanding computed earlier in this turn, if any. */
export function understandingOf(context: TurnContext): Understanding | undefined {
  return context.turnState.get(KEY) as Understanding | undefined;
}
