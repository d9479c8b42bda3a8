import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import type { QuestionId } from '../../src/domain/assessment/questionIds.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import { listeningTexts } from '../../src/domain/listening/texts.js';
import { LOCALES } from '../../src/domain/locale.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import type { ConversationData } from '../../src/turn/conversationData.js';
import { buttons, content, createTestBot, textOf } from '../helpers/testBot.js';

/**
 * A whole conversation through the whole bot (crisis middleware, locale, root dialog,
 * assessment, program suggestions, the real classifier), as the person reads it. Shared by
 * the conversation tests of issues #16 and #18; on failure `persona` prints the transcript.
 */

export const helpline = content.text.helpline.display;
const assessments = loadAssessmentTexts();

/** Which question a message asks, in either language: the assessment's words about the person, or about someone else. */
export function questionIn(text: string): QuestionId | undefined {
  for (const locale of LOCALES) {
    for (const [id, q] of Object.entries(assessments[locale].questions) as Array<[QuestionId, { text: string }]>) {
      if (text.includes(q.text)) return id;
    }
    for (const [id, words] of Object.entries(listeningTexts(locale).aboutThem) as Array<[QuestionId, string]>) {
      if (text.includes(words)) return id;
    }
  }
  return undefined;
}

let catalog: Catalog | undefined;
async function theCatalog(): Promise<Catalog> {
  catalog ??= await loadCatalog(fromRoot('data/programs.json'));
  return catalog;
}

interface Turn {
  said: string;
  replies: string[];
  activities: Partial<Activity>[];
}

export interface ConversationOptions {
  /** Programs are shown by the fifth turn (the default); without them the assessment asks every question. */
  withSuggestions?: boolean;
  /** The channel's locale on every message (Web Chat sends "es-US"). */
  locale?: string;
  /** The channel (Web Chat by default; "msteams" draws buttons as Adaptive Cards). */
  channelId?: string;
}

export class Conversation {
  readonly turns: Turn[] = [];
  private readonly bot;
  private peeked: { profile: Profile; data: ConversationData } = { profile: {}, data: {} };

  private constructor(
    suggester: ProgramSuggester | undefined,
    private readonly options: ConversationOptions,
  ) {
    this.bot = createTestBot({
      channelId: options.channelId ?? 'webchat',
      extraDialogs: ({ content: c, accessors }) => [new AssessmentDialog({ accessors, content: c }), ...(suggester ? [new SuggestionsDialog(c, accessors, suggester)] : [])],
      aroundTurn: async (context, accessors, run) => {
        if (context.activity.type === 'event' && context.activity.name === 'peekProfile') {
          this.peeked = { profile: await accessors.getProfile(context), data: { ...(await accessors.getData(context)) } };
          return;
        }
        await run();
      },
    });
  }

  static async start(options: ConversationOptions = {}): Promise<Conversation> {
    const programs = await theCatalog();
    const suggester =
      options.withSuggestions === false ? undefined : new ProgramSuggester({ programs: () => programs.programs, catalog: () => programs }, { maxDistanceMiles: 25, helplineNumber: helpline });
    return new Conversation(suggester, options);
  }

  /** Sends one message; returns everything the person reads (texts, buttons, cards), one reply a line. */
  async say(text: string): Promise<string> {
    const replies: Partial<Activity>[] = await this.bot.say(this.options.locale ? { type: 'message', text, locale: this.options.locale } : text);
    const activities = replies.filter((r) => r.type === 'message');
    this.turns.push({ said: text, replies: activities.map(textOf), activities });
    return this.turns.at(-1)!.replies.join('\n');
  }

  /** The buttons the last turn offered. */
  buttons(): string[] {
    return buttons(this.turns.at(-1)?.activities ?? []);
  }

  async profile(): Promise<Profile> {
    await this.bot.adapter.receiveActivity({ type: 'event', name: 'peekProfile' });
    return this.peeked.profile;
  }

  /** What the conversation keeps besides the profile (its language, never words). */
  async data(): Promise<ConversationData> {
    await this.bot.adapter.receiveActivity({ type: 'event', name: 'peekProfile' });
    return this.peeked.data;
  }

  /** The questions asked, in order (one per turn at most: the last question shown). */
  asked(): QuestionId[] {
    return this.turns.map((t) => t.replies.map(questionIn).filter((id) => id !== undefined).at(-1)).filter((id): id is QuestionId => id !== undefined);
  }

  /** The question on screen after the last turn. */
  current(): QuestionId | undefined {
    const last = this.turns.at(-1);
    return last?.replies.map(questionIn).filter((id) => id !== undefined).at(-1);
  }

  transcript(): string {
    return this.turns.map((t) => `> ${t.said}\n${t.replies.map((r) => `    ${r.replace(/\s+/g, ' ').slice(0, 240)}`).join('\n')}`).join('\n');
  }
}

/** A plain answer to each question, for going on through the assessment. */
export const ANSWERS: Partial<Record<QuestionId, string>> = {
  careStage: 'Finished detox',
  heavyUse: 'No',
  symptomsWhenStopping: 'No',
  pastSeizuresOrDts: 'No',
  readiness: "I'm ready",
  responsibilities: 'None of these',
  workShift: 'Days',
  transport: 'I have a car',
  homeSafe: 'Yes',
  availability: 'Evenings',
  format: 'Either',
  payment: 'Not sure',
  language: 'English',
  location: '85716',
  ageGroup: '26 to 64',
  interests: 'None of these',
  coOccurring: 'No',
};

/** The same plain answers as ANSWERS, as the buttons of a conversation in `locale` ("Terminé la desintoxicación"). */
export function tapsIn(locale: 'en' | 'es'): Partial<Record<QuestionId, string>> {
  const values: Partial<Record<QuestionId, string>> = {
    careStage: 'finished_detox', heavyUse: 'no', symptomsWhenStopping: 'no', pastSeizuresOrDts: 'no', readiness: 'preparation', responsibilities: 'none',
    workShift: 'day', transport: 'car', homeSafe: 'yes', availability: 'evenings', format: 'either', payment: 'not_sure', language: locale, ageGroup: 'adult', interests: 'none', coOccurring: 'no',
  };
  const taps: Partial<Record<QuestionId, string>> = { location: '85716' };
  for (const [id, value] of Object.entries(values) as Array<[QuestionId, string]>) {
    const label = assessments[locale].questions[id].options.find((o) => o.value === value)?.label;
    if (label) taps[id] = label;
  }
  return taps;
}

/** Answers whatever is asked until no question is on screen (or `stop` is, or a limit), with the persona's own words where given. */
export async function answerOn(c: Conversation, own: Partial<Record<QuestionId, string>> = {}, limit = 25, stop?: QuestionId): Promise<void> {
  for (let i = 0; i < limit; i++) {
    // "Anything else? Tap Done": the several-answer question is finished; "which fits you?" before men's or women's programs is passed over.
    const done = LOCALES.flatMap((l) => [assessments[l].messages.doneLabel, content.in(l).messages.results.genderPreferNot]).find((label) => c.buttons().includes(label));
    if (done) {
      await c.say(done);
      continue;
    }
    const id = c.current();
    if (id === undefined || id === stop) return;
    const words = own[id] ?? ANSWERS[id];
    if (words === undefined) return;
    await c.say(words);
  }
}

/** Runs a persona; on failure, the transcript is in the error. */
export async function persona(run: (c: Conversation) => Promise<void>, options: ConversationOptions = {}): Promise<void> {
  const c = await Conversation.start(options);
  try {
    await run(c);
    // Never silent: every message got a reply.
    for (const t of c.turns) expect(t.replies.length, `no reply to "${t.said}"`).to.be.greaterThan(0);
    // Never the same question twice.
    const asked = c.asked();
    const twice = asked.filter((id, i) => asked.indexOf(id) !== i && asked[i - 1] !== id);
    expect(twice, 'a question asked again later').to.deep.equal([]);
  } catch (error) {
    (error as Error).message += `\n\nTranscript:\n${c.transcript()}`;
    throw error;
  }
}

export const neverAsked = (c: Conversation, ids: QuestionId[]): void => {
  const asked = c.asked();
  for (const id of ids) expect(asked, `"${id}" was asked although it was said`).to.not.include(id);
};
