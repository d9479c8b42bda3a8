import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Profile } from '../domain/profile/profile.js';

import type { CrisisKind } from '../domain/safety/crisisKind.js';
import type { Locale } from '../domain/locale.js';

/** Per-conversation facts the bot needs between turns. Never the text people typed. */
export interface ConversationData {
  welcomed?: boolean;
  /** Unrecognized turns in a row; the second adds the helpline. */
  unknownStreak?: number;
  /** Facts were heard in passing (dialogs/listening.ts): the profile is not "earlier answers" until the assessment has run. */
  heardFacts?: boolean;
  /** The assessment has been opened in this conversation (so "use my earlier answers?" makes sense). */
  assessmentBegun?: boolean;
  /** "How old are they?" was asked over the menu (help for someone else): the next number is their age. */
  askedAge?: boolean;
  /**
   * "Which state is it in?" was asked about this city (the ZIP table's name for it, never the
   * typed words): a state said next ("Maine", "MO") places it. Gone once a place is kept.
   */
  placeAsked?: string;
  /** Set by the first crisis message; one "I'm fine" does not clear it. */
  safety?: { concern: true; kinds: CrisisKind[]; firstAt: string };
  /**
   * Crisis concepts the last message held without being a crisis alone ("hopeless"), by
   * name, never the words: the next message can complete the risk (crisisMiddleware.ts).
   */
  crisisCarry?: string[];
  /** The language the bot answers in ('en' or 'es'; src/turn/locale.ts decides it each turn). */
  locale?: Locale;
  /** Where that came from: a choice ("español") holds until another choice; writing and the channel's locale can change. */
  localeFrom?: 'choice' | 'writing' | 'channel';
}

/** Typed accessors over conversation state, shared by the bot, middleware and dialogs. */
export class ConversationAccessors {
  readonly data: StatePropertyAccessor<ConversationData>;
  readonly profile: StatePropertyAccessor<Profile>;
  readonly dialogState: StatePropertyAccessor;

  constructor(readonly state: ConversationState) {
    this.data = state.createProperty<ConversationData>('data');
    this.profile = state.createProperty<Profile>('profile');
    this.dialogState = state.createProperty('dialogState');
  }

  async getData(context: TurnContext): Promise<ConversationData> {
    return this.data.get(context, {});
  }

  /** The stored profile, re-validated so a bad stored value never reaches the rules or matcher. */
  async getProfile(context: TurnContext): Promise<Profile> {
    const stored = await this.profile.get(context, {});
    const parsed = Profile.safeParse(stored);
    return parsed.success ? parsed.data : {};
  }

  /** The stored profile, if there is one, without creating an empty one in state (a read that must leave "forget me" as it was). */
  async peekProfile(context: TurnContext): Promise<Profile | undefined> {
    const stored: unknown = await this.profile.get(context);
    if (stored === undefined) return undefined;
    const parsed = Profile.safeParse(stored);
    return parsed.success ? parsed.data : undefined;
  }

  async setProfile(context: TurnContext, profile: Profile): Promise<void> {
    await this.profile.set(context, Profile.parse(profile));
  }

  async forgetProfile(context: TurnContext): Promise<void> {
    await this.profile.delete(context);
  }
}
