import type { Locale } from '../locale.js';
import type { Profile } from './profile.js';

/**
 * The profile as the program search reads it: someone talking with the bot in Spanish who has
 * not said which language they want their care in is taken to prefer Spanish, so programs that
 * list Spanish come first and their cards say so ("atiende en español"); when none fit, the
 * search loosens it and says that too. Only for the search: nothing is stored, and an answer
 * to the language question always wins.
 */
export function withConversationLanguage(profile: Profile, locale: Locale): Profile {
  return profile.language === undefined && locale !== 'en' ? { ...profile, language: locale } : profile;
}
