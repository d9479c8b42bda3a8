import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Content } from '../domain/content.js';
import type { PerLocale } from '../domain/locale.js';
import type { CrisisKind } from '../domain/safety/crisisKind.js';
import { DETOX_FIRST_KINDS, isWithdrawal, type RiskKind, type RiskTopic } from '../domain/safety/riskTopics.js';
import type { RiskText } from '../domain/safety/riskTexts.js';
import { riskActivities } from '../replies/riskMessages.js';
import type { ConversationAccessors } from './conversationData.js';
import { crisisSignalOf, setRiskSignal } from './turnSignals.js';
import { normalizeForMatch } from './understanding.js';

/**
 * The risk step: after the crisis check and before the dialogs, on every message. Withdrawal,
 * a relapse, the fear of an overdose, naloxone, and questions about medication, doses and
 * diagnoses (src/domain/safety/riskTopics.ts) are answered first, wherever the conversation
 * is: the root dialog's `risk` route (dialogs/routes.ts) sends the answer and then asks the
 * waiting question again, so the words are never stored as an answer.
 *
 * Withdrawal (and a relapse into daily use) also marks the profile's withdrawal screen, so
 * the level-of-care guidance says medical care first and no IOP list comes next.
 *
 * When the crisis check found something, the crisis path leads: a withdrawal emergency gets
 * its own crisis reply without naloxone (crisisReplyFor), and a dose taken twice or a mix
 * read as a medical emergency, asked about ("is that bad?") with no sign of an overdose and
 * no word of meaning it (the lexicon's `on_purpose`), also gets Poison Control; nothing else
 * is added to a crisis.
 */

export type DetectRisk = (text: string) => RiskTopic | null;

export interface RiskStepDeps {
  detect: DetectRisk;
  texts: PerLocale<RiskText>;
  content: Content;
  accessors: ConversationAccessors;
  logger: Logger;
  /** The bot's own button labels: a tap is an answer to our question, never a new topic. */
  exemptLabels: readonly string[];
}

/** A medication mishap answered after a medical crisis reply (Poison Control, 911 signs). */
const AFTER_MEDICAL_CRISIS: ReadonlySet<RiskKind> = new Set(['took_too_much', 'mixing']);

const TOPIC = Symbol('riskTopic');

export interface RiskStep {
  middleware: Middleware;
  /**
   * For the crisis middleware: the reply to send instead of the crisis response, when the
   * words are a withdrawal emergency (911 now, and no naloxone, which makes withdrawal worse).
   */
  crisisReplyFor(context: TurnContext, kind: CrisisKind): Partial<Activity> | undefined;
}

export function createRiskStep(deps: RiskStepDeps): RiskStep {
  const exempt = new Set(deps.exemptLabels.map(normalizeForMatch));

  /**
   * The message's topic, read once per turn (the crisis reply and the step share it), from
   * the text the bot understands (normalizeIncoming cuts it at 2,000 characters): unlike the
   * crisis check, a topic answer does not need the end of a long paste.
   */
  function topicOf(context: TurnContext): RiskTopic | null {
    if (context.turnState.has(TOPIC)) return context.turnState.get(TOPIC) as RiskTopic | null;
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    const topic = text.length === 0 || exempt.has(normalizeForMatch(text)) ? null : deps.detect(text);
    context.turnState.set(TOPIC, topic);
    return topic;
  }

  function activitiesFor(context: TurnContext, topic: RiskTopic, kind: RiskKind = topic.kind): Partial<Activity>[] {
    const text = deps.texts[topic.language];
    const extra = kind === 'relapse' && topic.dailyUse ? [text.relapseDailyUse] : [];
    return riskActivities(context, deps.content, text, text.answers[kind], { extra, findMeetingValue: deps.content.meetings.findMeeting });
  }

  /** Withdrawal said anywhere (or a relapse into daily use): the detox-first rule applies. */
  async function markDetoxFirst(context: TurnContext, topic: RiskTopic): Promise<void> {
    if (!DETOX_FIRST_KINDS.has(topic.kind) && !(topic.kind === 'relapse' && topic.dailyUse)) return;
    const profile = await deps.accessors.getProfile(context);
    if (profile.withdrawal?.saidInChat === true) return;
    await deps.accessors.setProfile(context, { ...profile, withdrawal: { ...profile.withdrawal, saidInChat: true } });
  }

  const middleware: Middleware = {
    async onTurn(context, next) {
      if (context.activity.type !== ActivityTypes.Message) return next();
      const topic = topicOf(context);
      if (!topic) return next();
      // Kind only: never the text.
      deps.logger.info({ event: 'risk_topic', kind: topic.kind }, 'risk topic recognized');
      const crisis = crisisSignalOf(context);
      if (crisis) {
        if (isWithdrawal(topic.kind)) await markDetoxFirst(context, topic);
        else if (AFTER_MEDICAL_CRISIS.has(topic.kind) && crisis.kinds.includes('medical_emergency') && topic.asking && !topic.overdoseSigns) {
          await context.sendActivities(activitiesFor(context, topic));
        }
        return next();
      }
      setRiskSignal(context, {
        kind: topic.kind,
        answer: async () => {
          await context.sendActivities(activitiesFor(context, topic));
          await markDetoxFirst(context, topic);
        },
      });
      return next();
    },
  };

  return {
    middleware,
    crisisReplyFor(context, kind) {
      if (kind !== 'medical_emergency') return undefined;
      const topic = topicOf(context);
      // Only the withdrawal a clinician would send to medical care first: another drug's comedown
      // with chest pain, say, keeps the crisis reply as it is.
      if (!topic || !DETOX_FIRST_KINDS.has(topic.kind) || topic.overdoseSigns) return undefined;
      // Opioid withdrawal is rarely an emergency in itself (vomiting read as one gets the opioid
      // answer: medical care today, 911 if it feels like an emergency); any other is answered as one.
      const kindOfReply: RiskKind = topic.kind === 'withdrawal_opioid' ? 'withdrawal_opioid' : 'withdrawal_emergency';
      // One message: the crisis reply goes out alone and first.
      const [first, ...rest] = activitiesFor(context, topic, kindOfReply);
      const last = rest.at(-1) ?? first;
      if (!first || !last) return undefined;
      return { ...last, text: [first, ...rest].map((a) => a.text ?? '').join('\n\n') };
    },
  };
}
