import { ConversationState, MemoryStorage, TestAdapter, type Activity, type Storage, type TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { pino } from 'pino';
import { MainDialog } from '../../dialogs/mainDialog.js';
import { RecoveryBot } from '../../src/turn/bot.js';
import { normalizeIncoming } from '../../src/turn/normalizeIncoming.js';
import { loadContent, type Content } from '../../src/domain/content.js';
import { ConversationAccessors } from '../../src/turn/conversationData.js';
import { IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { fromRoot } from '../../src/paths.js';
import { crisisMiddleware, type DetectCrisis } from '../../src/turn/crisisMiddleware.js';
import { loadCrisisResponses, type CrisisResponses } from '../../src/replies/crisisMessages.js';
import { CrisisSupportDialog } from '../../dialogs/crisisSupportDialog.js';
import { readCrisis } from '../../src/domain/safety/crisisDetector.js';
import type { Recognizer } from '../../src/turn/understanding.js';
import { createRiskStep, type DetectRisk } from '../../src/turn/riskStep.js';
import { loadRiskDetector } from '../../src/domain/safety/riskTopics.js';
import { loadRiskTexts } from '../../src/domain/safety/riskTexts.js';
import { buttonLabels } from '../../src/domain/content.js';
import { commandPhrases } from '../../src/turn/understanding.js';
import { localeMiddleware } from '../../src/turn/locale.js';
import { loadLanguageReader } from '../../src/domain/languageOfMessage.js';

export const content: Content = loadContent(fromRoot('data'));
export const crisisResponses: CrisisResponses = loadCrisisResponses(fromRoot('data'));
export const languageReader = loadLanguageReader(fromRoot('data'));

export const riskDetector = loadRiskDetector();
export const riskTexts = loadRiskTexts(fromRoot('data'));

export const realDetect: DetectCrisis = (text, previous) => {
  const { signal, carry } = readCrisis(text, previous);
  return { kinds: signal?.kinds ?? [], carry };
};

export interface TestBotOptions {
  channelId?: string;
  detect?: DetectCrisis;
  /** The risk step's detector (src/turn/riskStep.ts); the real one by default. */
  detectRisk?: DetectRisk;
  recognizer?: Recognizer;
  /** Runs around each turn (e.g. to seed or peek at state); must call `run` to reach the bot. */
  aroundTurn?: (context: TurnContext, accessors: ConversationAccessors, run: () => Promise<void>) => Promise<void>;
  extraDialogs?: (deps: { content: Content; accessors: ConversationAccessors }) => Dialog[];
  storage?: Storage;
  /** The service URL the channel calls from (TestAdapter's default is https://test.com). */
  serviceUrl?: string;
}

/**
 * The whole bot (middlewares, root dialog, state) on a TestAdapter, wired as src/app.ts wires it.
 * `say` sends one user message (or activity) and returns every activity the bot sent back.
 */
export function createTestBot(options: TestBotOptions = {}) {
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const accessors = new ConversationAccessors(conversationState);
  const mainDialog = new MainDialog({
    content,
    recognizer: options.recognizer ?? IntentRecognizer.default(),
    accessors,
    crisis: crisisResponses,
    extraDialogs: options.extraDialogs?.({ content, accessors }) ?? [],
  });
  const bot = new RecoveryBot({ conversationState, accessors, mainDialog, content });
  const adapter = new TestAdapter(
    async (context) => (options.aroundTurn ? options.aroundTurn(context, accessors, () => bot.run(context)) : bot.run(context)),
    {
      channelId: options.channelId ?? 'test',
      conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
      ...(options.serviceUrl ? { serviceUrl: options.serviceUrl } : {}),
    },
  );
  adapter.use(normalizeIncoming);
  adapter.use(localeMiddleware({ accessors, reader: languageReader }));
  const followUpLabels = new CrisisSupportDialog(content, crisisResponses).followUpLabels();
  const risk = createRiskStep({
    detect: options.detectRisk ?? ((text) => riskDetector.detect(text)),
    texts: riskTexts,
    content,
    accessors,
    logger: pino({ level: 'silent' }),
    exemptLabels: [...buttonLabels(content), ...commandPhrases(), ...followUpLabels],
  });
  adapter.use(
    crisisMiddleware({
      detect: options.detect ?? realDetect,
      responses: crisisResponses,
      accessors,
      logger: pino({ level: 'silent' }),
      exemptLabels: followUpLabels,
      replyFor: risk.crisisReplyFor,
    }),
  );
  adapter.use(risk.middleware);

  async function say(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    await adapter.send(input);
    return adapter.activeQueue.splice(0);
  }
  return { adapter, bot, accessors, storage, say };
}

/** All the text a batch of replies shows, including card titles, texts and button labels. */
export function allText(replies: Partial<Activity>[]): string {
  return replies.map(textOf).join('\n');
}

export function textOf(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const action of activity.suggestedActions?.actions ?? []) parts.push(`[${action.title}]`);
  for (const attachment of activity.attachments ?? []) parts.push(JSON.stringify(attachment.content));
  return parts.join(' ');
}

/** An Adaptive Card action, wherever it sits. */
export interface AdaptiveAction {
  type: string;
  title?: string;
  url?: string;
  data?: unknown;
  mode?: string;
}
interface AdaptiveElement {
  type?: string;
  actions?: AdaptiveAction[];
  items?: AdaptiveElement[];
  columns?: AdaptiveElement[];
}

/**
 * The action sets of an Adaptive Card in the order they are drawn: each ActionSet of the
 * body (inside containers and columns too), then the card's own actions.
 */
export function actionSets(card: unknown): AdaptiveAction[][] {
  const sets: AdaptiveAction[][] = [];
  const walk = (elements: readonly AdaptiveElement[] | undefined): void => {
    for (const e of elements ?? []) {
      if (e.type === 'ActionSet') sets.push(e.actions ?? []);
      walk(e.items);
      walk(e.columns);
    }
  };
  const c = card as { body?: AdaptiveElement[]; actions?: AdaptiveAction[] } | undefined;
  walk(c?.body);
  if (c?.actions?.length) sets.push(c.actions);
  return sets;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Button labels offered by the last reply that offers any (suggested actions or card submits). */
export function buttons(replies: Partial<Activity>[]): string[] {
  for (const reply of [...replies].reverse()) {
    const suggested = reply.suggestedActions?.actions?.map((a) => String(a.title)) ?? [];
    if (suggested.length) return suggested;
    const submits = (reply.attachments ?? [])
      .filter((a) => a.contentType === ADAPTIVE_CARD)
      .flatMap((a) => actionSets(a.content).flat())
      .filter((x) => x.type === 'Action.Submit')
      .map((x) => String(x.title));
    if (submits.length) return submits;
  }
  return [];
}

/** The tel: URLs the call buttons in the replies open, however the channel draws them (render.ts callAction). */
export function callTargets(replies: Partial<Activity>[]): string[] {
  const isTel = (v: unknown): v is string => typeof v === 'string' && v.startsWith('tel:');
  return replies.flatMap((r) =>
    (r.attachments ?? []).flatMap((a) => {
      const card = a.content as { buttons?: Array<{ type: string; value: unknown }> } | undefined;
      return [
        ...(card?.buttons ?? []).filter((b) => b.type === 'call' || b.type === 'openUrl').map((b) => b.value).filter(isTel),
        ...(a.contentType === ADAPTIVE_CARD ? actionSets(a.content).flat() : []).filter((b) => b.type === 'Action.OpenUrl').map((b) => b.url).filter(isTel),
      ];
    }),
  );
}
