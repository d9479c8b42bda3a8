import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type Dialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { AssessmentDialog, type AssessmentDialogDeps, type AssessmentResult } from '../../dialogs/assessmentDialog.js';
import { DialogIds } from '../../dialogs/dialogIds.js';
import { loadAssessmentText, type AssessmentText } from '../../src/domain/assessment/assessmentText.js';
import type { QuestionId } from '../../src/domain/assessment/questionIds.js';
import { loadContent, type Content } from '../../src/domain/content.js';
import { ConversationAccessors } from '../../src/turn/conversationData.js';
import type { IntentName, IntentResult } from '../../src/domain/nlu/intentNames.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import type { DetectCrisis } from '../../src/turn/crisisMiddleware.js';
import { loadCrisisResponses, type CrisisResponses } from '../../src/replies/crisisMessages.js';
import type { Recognizer } from '../../src/turn/understanding.js';
import { createTestBot, realDetect } from '../helpers/testBot.js';

export const content: Content = loadContent(fromRoot('data'));
export const crisis: CrisisResponses = loadCrisisResponses(fromRoot('data'));
export const text: AssessmentText = loadAssessmentText();
export const q = text.questions;
export const m = text.messages;

/**
 * A recognizer that is eager on purpose: it reads "nights", "Medicaid" or "skip" as
 * questions and commands the way a classifier might, so the tests prove the assessment
 * claims its answers instead of relying on a timid classifier.
 */
export const eagerRecognizer: Recognizer = {
  recognize(raw: string): IntentResult {
    const t = raw.toLowerCase();
    const rules: Array<[RegExp, IntentName, number]> = [
      [/group therapy/, 'topic_group_therapy', 0.95],
      [/what do you know/, 'what_do_you_know', 0.95],
      [/talk to|real person|phone number/, 'talk_to_person', 0.9],
      [/find (an? )?(iop|program)/, 'find_program', 0.9],
      [/night|evening|weekend|morning|schedule|shift|hours/, 'schedule_time', 0.8],
      [/insurance|medicaid|medicare|pay|cost|afford/, 'cost_insurance', 0.8],
      [/^(skip|back|go back|next|done)$/, 'cancel', 0.7],
      [/^(hi|hello)$/, 'greeting', 0.95],
    ];
    for (const [pattern, intent, score] of rules) if (pattern.test(t)) return { intent, score };
    return { intent: 'unknown', score: 1 };
  },
};


/** Stands in for the suggestions dialog (not built yet): says so and ends. */
export class FakeSuggestions extends ComponentDialog {
  constructor() {
    super(DialogIds.suggestions);
    this.addDialog(
      new WaterfallDialog('fakeSuggestionsSteps', [
        async (step) => {
          await step.context.sendActivity('FAKE SUGGESTIONS');
          return step.endDialog();
        },
      ]),
    );
  }
}

export interface BotHarnessOptions {
  recognizer?: Recognizer;
  detect?: DetectCrisis;
  channelId?: string;
  withSuggestions?: boolean;
  profile?: Profile;
  assessment?: Partial<AssessmentDialogDeps>;
}

export interface BotHarness {
  accessors: ConversationAccessors;
  storage: MemoryStorage;
  adapter: TestAdapter;
  /** Sends a message and returns every activity the bot sent for that turn. */
  say(message: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  profile(): Promise<Profile>;
}

/** The whole bot as createApp builds it (root dialog, middleware, state), on a TestAdapter. */
export function createBotHarness(options: BotHarnessOptions = {}): BotHarness {
  let peeked: Profile = {};
  const bot = createTestBot({
    channelId: options.channelId,
    recognizer: options.recognizer ?? eagerRecognizer,
    detect: options.detect ?? realDetect,
    extraDialogs: ({ accessors }) => [
      new AssessmentDialog({ accessors, content, ...options.assessment }),
      ...(options.withSuggestions ? [new FakeSuggestions()] : []),
    ],
    async aroundTurn(context, accessors, run) {
      // A test-only event that reads the stored profile without running the bot.
      if (context.activity.type === 'event' && context.activity.name === 'peekProfile') {
        peeked = await accessors.getProfile(context);
        return;
      }
      if (options.profile) {
        const data = await accessors.getData(context);
        if (!data.welcomed) await accessors.setProfile(context, options.profile);
      }
      await run();
    },
  });
  return {
    accessors: bot.accessors,
    storage: bot.storage as MemoryStorage,
    adapter: bot.adapter,
    say: bot.say,
    async profile() {
      await bot.adapter.receiveActivity({ type: 'event', name: 'peekProfile' });
      return peeked;
    },
  };
}

/** Text of each message activity. */
export const texts = (activities: readonly Partial<Activity>[]): string[] =>
  activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');

/** Button titles offered by an activity (suggested actions). */
export const buttonsOf = (activity: Partial<Activity> | undefined): string[] =>
  (activity?.suggestedActions?.actions ?? []).map((a) => String(a.title));

/** Test parent: runs the assessment (with optional sibling dialogs) and ends with its result. */
export class AssessmentParent extends ComponentDialog {
  constructor(assessment: AssessmentDialog, siblings: Dialog[] = []) {
    super('assessmentParent');
    this.addDialog(assessment);
    for (const d of siblings) this.addDialog(d);
    this.addDialog(
      new WaterfallDialog('parentSteps', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => step.beginDialog(DialogIds.assessment),
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => step.endDialog(step.result as AssessmentResult),
      ]),
    );
  }
}

/** The last message the bot sent in a turn (the question on screen). */
export const lastMessage = (activities: readonly Partial<Activity>[]): Partial<Activity> | undefined =>
  activities.filter((a) => a.type === 'message').at(-1);

/** The words of a message: its text, or on Teams the first text block of its card. */
export function shownText(activity: Partial<Activity> | undefined): string {
  if (activity?.text) return activity.text;
  const card = activity?.attachments?.[0]?.content as { body?: Array<{ text?: string }> } | undefined;
  return card?.body?.[0]?.text ?? '';
}

/** Which assessment question an activity asks, by its text; "picking" for "Anything else?". */
export function questionShown(activity: Partial<Activity> | undefined): QuestionId | 'picking' | undefined {
  const shown = shownText(activity);
  const [before, after] = m.anythingElse.split('{items}');
  if (before !== undefined && after !== undefined && shown.startsWith(before) && shown.endsWith(after)) return 'picking';
  return (Object.keys(q) as QuestionId[]).find((id) => q[id].text === shown);
}

/** A button tap that answers each question without stopping the assessment. */
export const TAPS: Record<Exclude<QuestionId, 'resume' | 'detoxOffer'>, string> = {
  careStage: 'Not started / still using',
  heavyUse: 'No',
  symptomsWhenStopping: 'No',
  pastSeizuresOrDts: 'No',
  readiness: 'Getting ready',
  responsibilities: 'Full-time job',
  workShift: 'Days',
  transport: 'I have a car',
  homeSafe: 'Yes',
  availability: 'Evenings',
  format: 'Either',
  payment: 'Medicaid',
  language: 'English',
  location: '97201',
  ageGroup: '26 to 64',
  interests: 'Yoga',
  coOccurring: 'No',
};

/** Every label in TAPS is a real button of its question (so the walk cannot drift from the data). */
export function checkTaps(): string[] {
  return (Object.entries(TAPS) as Array<[keyof typeof TAPS, string]>)
    .filter(([id, label]) => id !== 'location' && !q[id].options.some((o) => o.label === label))
    .map(([id]) => id);
}

export type PromptTarget = QuestionId | 'picking';

/**
 * Opens the assessment and taps through it until the target prompt is on screen.
 * Returns the activities of the turn that showed it.
 */
export async function walkTo(h: BotHarness, target: PromptTarget): Promise<Partial<Activity>[]> {
  await h.say('hi');
  let turn = await h.say('Find a program');
  if (target === 'resume') {
    await h.say(TAPS.careStage);
    await h.say('menu');
    return h.say('Find a program');
  }
  for (let i = 0; i < 40; i++) {
    const shown = questionShown(lastMessage(turn));
    if (shown === target) return turn;
    if (shown === undefined) throw new Error(`walkTo(${target}): no question on screen after ${i} answers`);
    if (target === 'detoxOffer' && shown === 'heavyUse') turn = await h.say('Yes');
    else if (target === 'picking' && shown === 'responsibilities') turn = await h.say(TAPS.responsibilities);
    else if (shown === 'picking') turn = await h.say(m.doneLabel);
    else if (shown === 'resume' || shown === 'detoxOffer') throw new Error(`walkTo(${target}): stuck at ${shown}`);
    else turn = await h.say(TAPS[shown]);
  }
  throw new Error(`walkTo(${target}): never reached`);
}
