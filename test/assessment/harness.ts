import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type Dialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { pino } from 'pino';
import { AssessmentDialog, type AssessmentDialogDeps, type AssessmentResult } from '../../dialogs/assessmentDialog.js';
import { CrisisSupportDialog } from '../../dialogs/crisisSupportDialog.js';
import { DialogIds } from '../../dialogs/dialogIds.js';
import { MainDialog } from '../../dialogs/mainDialog.js';
import { loadAssessmentText, type AssessmentText } from '../../src/assessment/assessmentText.js';
import { RecoveryBot } from '../../src/bot.js';
import { normalizeIncoming } from '../../src/channels/normalizeIncoming.js';
import { loadContent, type Content } from '../../src/content.js';
import { ConversationAccessors } from '../../src/conversationData.js';
import type { IntentName, IntentResult } from '../../src/nlu/intentNames.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/profile.js';
import { crisisMiddleware, type DetectCrisis } from '../../src/safety/crisisMiddleware.js';
import { loadCrisisResponses, type CrisisResponses } from '../../src/safety/crisisMessages.js';
import type { Recognizer } from '../../src/understanding.js';

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

/** A stand-in for the crisis detector: the real one is still being finished. */
export const stubDetect: DetectCrisis = (raw) =>
  /kill myself|suicid|end my life|overdos/i.test(raw) ? { kinds: ['suicide_self_harm'] } : null;

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
  adapter: TestAdapter;
  /** Sends a message and returns every activity the bot sent for that turn. */
  say(message: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  profile(): Promise<Profile>;
}

/** The whole bot as createApp builds it (root dialog, middleware, state), on a TestAdapter. */
export function createBotHarness(options: BotHarnessOptions = {}): BotHarness {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const accessors = new ConversationAccessors(conversationState);
  const extraDialogs: Dialog[] = [new AssessmentDialog({ accessors, content, ...options.assessment })];
  if (options.withSuggestions) extraDialogs.push(new FakeSuggestions());
  const mainDialog = new MainDialog({ content, recognizer: options.recognizer ?? eagerRecognizer, accessors, crisis, extraDialogs });
  const bot = new RecoveryBot({ conversationState, accessors, mainDialog, content });
  let peeked: Profile = {};
  const adapter = new TestAdapter(async (context) => {
    // A test-only event that reads the stored profile without running the bot.
    if (context.activity.type === 'event' && context.activity.name === 'peekProfile') {
      peeked = await accessors.getProfile(context);
      return;
    }
    if (options.profile) {
      const data = await accessors.getData(context);
      if (!data.welcomed) await accessors.setProfile(context, options.profile);
    }
    await bot.run(context);
  });
  if (options.channelId) adapter.template.channelId = options.channelId;
  adapter.use(normalizeIncoming);
  adapter.use(
    crisisMiddleware({
      detect: options.detect ?? stubDetect,
      responses: crisis,
      accessors,
      logger: pino({ level: 'silent' }),
      exemptLabels: new CrisisSupportDialog(content, crisis).followUpLabels(),
    }),
  );
  return {
    accessors,
    adapter,
    async say(message) {
      await adapter.receiveActivity(message);
      return adapter.activeQueue.splice(0);
    },
    async profile() {
      await adapter.receiveActivity({ type: 'event', name: 'peekProfile' });
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
