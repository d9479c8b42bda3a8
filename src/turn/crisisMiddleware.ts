import { ActionTypes, ActivityTypes, CardFactory, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { isTeams } from '../replies/render.js';
import type { ConversationAccessors, ConversationData } from './conversationData.js';
import { mostUrgent, type CrisisKind } from '../domain/safety/crisisKind.js';
import { normalizeForMatch } from './understanding.js';
import { setCrisisSignal, textForCrisisCheck } from './turnSignals.js';
import { crisisActivity, crisisTextsFor, type CrisisResponses } from '../replies/crisisMessages.js';
import { setTurnLocale, turnLocale, writtenLocale } from './locale.js';

export interface CrisisDetection {
  /** Empty when the message is no crisis (alone, or with the one before). */
  kinds: readonly CrisisKind[];
  /** Concept names (never words) that could complete a risk with the next message: kept one turn. */
  carry?: readonly string[];
}
/** `previous` is what the message before left to carry (CrisisDetection.carry). */
export type DetectCrisis = (text: string, previous?: readonly string[]) => CrisisDetection | null;

export interface CrisisMiddlewareDeps {
  detect: DetectCrisis;
  responses: CrisisResponses;
  accessors: ConversationAccessors;
  logger: Logger;
  /** Our own follow-up button labels ("I'm not safe"): answered by the follow-up dialog, not re-detected. */
  exemptLabels: readonly string[];
  /**
   * Another reading of the same words that answers this crisis better, sent in place of the
   * crisis response: a withdrawal emergency gets 911 without naloxone (riskStep.ts).
   */
  replyFor?: (context: TurnContext, kind: CrisisKind, text: string) => Partial<Activity> | undefined;
}

/**
 * Sees every incoming message before any dialog. On crisis language it sends the crisis
 * response first and alone, records the concern for the rest of the conversation, and
 * leaves a signal so the root dialog asks whether the person is safe. From then on every
 * reply carries a "Get help now" action.
 *
 * The crisis response depends on nothing but the words: it goes out before conversation
 * state is read, so a state store that is down (or slow) cannot hold it back. If state
 * cannot be read or the rest of the turn fails after it, the turn ends there: the
 * response already carries 988, 911 and the helpline, and a generic "something went
 * wrong" after it would only bury them.
 */
export function crisisMiddleware(deps: CrisisMiddlewareDeps): Middleware {
  const exempt = new Set(deps.exemptLabels.map(normalizeForMatch));
  return {
    async onTurn(context, next) {
      const text = textToCheck(context);
      const reading = text === undefined ? null : deps.detect(text);
      let signal = reading && reading.kinds.length > 0 ? reading : null;
      if (signal) await respond(context, signal);
      let data: ConversationData;
      try {
        data = await deps.accessors.getData(context);
      } catch (error) {
        if (!signal) throw error;
        logIncompleteCrisisTurn(deps.logger, 'state_unavailable', error);
        return;
      }
      // Two messages read together ("so tired of everything", then "the pills are right here"):
      // only when this one alone is no crisis, and only with what the last message left.
      const previous = data.crisisCarry ?? [];
      if (!signal && text !== undefined && previous.length > 0) {
        const together = deps.detect(text, previous);
        if (together && together.kinds.length > 0) {
          signal = together;
          await respond(context, signal);
        }
      }
      // Names of concepts only, for one message. Turns without words (typing, a card refresh)
      // leave it as it is.
      if (text !== undefined) {
        const carry = signal?.carry ?? reading?.carry ?? [];
        if (carry.length > 0) data.crisisCarry = [...carry];
        else delete data.crisisCarry;
      }
      if (signal) {
        // A crisis again in the same conversation: the follow-up does not ask the same question twice.
        if (data.safety?.concern) setCrisisSignal(context, { kinds: [...signal.kinds], again: true });
        const kinds = [...new Set([...(data.safety?.kinds ?? []), ...signal.kinds])];
        data.safety = { concern: true, kinds, firstAt: data.safety?.firstAt ?? new Date().toISOString() };
      }
      if (data.safety?.concern) addGetHelpNow(context, crisisTextsFor(context, deps.responses).followUp.getHelpNow);
      if (!signal) return next();
      try {
        await next();
      } catch (error) {
        logIncompleteCrisisTurn(deps.logger, 'turn_failed', error);
      }
    },
  };

  /** Sends the crisis response, first and alone. */
  async function respond(context: TurnContext, signal: CrisisDetection): Promise<void> {
    // Set before sending: if the send fails, onTurnError's apology carries 988 and 911.
    setCrisisSignal(context, { kinds: [...signal.kinds] });
    // Someone who chose English and then writes their crisis in Spanish is answered in Spanish
    // (and the other way round): safety over a stated preference. For this turn only; the
    // stored choice stays as it was.
    const written = writtenLocale(context);
    if (written && written !== turnLocale(context)) setTurnLocale(context, written);
    const kind = mostUrgent(signal.kinds);
    // Kind only: never the text, never who.
    deps.logger.info({ event: 'crisis_detected', kind }, 'crisis response sent');
    const instead = deps.replyFor?.(context, kind, textForCrisisCheck(context) ?? context.activity.text ?? '');
    await context.sendActivity(instead ?? crisisActivity(context, deps.responses, kind));
  }

  /** The message's whole text, or undefined for anything that is not read (no text, our own buttons). */
  function textToCheck(context: TurnContext): string | undefined {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return undefined;
    const understood = typeof activity.text === 'string' ? activity.text : '';
    const text = textForCrisisCheck(context) ?? understood;
    if (text.length === 0) return undefined;
    // A tap on our own follow-up buttons is short, so the understood text is all of it.
    if (exempt.has(normalizeForMatch(understood))) return undefined;
    return text;
  }
}

/**
 * The crisis response went out but the turn could not go on (state store down, a dialog
 * failing). Error names only, as onTurnError logs them: messages can quote what people typed.
 */
function logIncompleteCrisisTurn(logger: Logger, reason: 'state_unavailable' | 'turn_failed', error: unknown): void {
  const errorName = error instanceof Error ? error.name : typeof error;
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth++) {
    const inner: unknown = (cause as { error?: unknown }).error ?? cause.cause;
    if (!(inner instanceof Error)) break;
    cause = inner;
  }
  logger.error(
    { event: 'crisis_turn_incomplete', reason, errorName, cause: cause instanceof Error ? cause.name : errorName },
    'crisis response sent; the rest of the turn failed',
  );
}

/** Keeps a "Get help now" action on what the bot sends, the channel's way. */
function addGetHelpNow(context: TurnContext, label: string): void {
  context.onSendActivities(async (_ctx, activities, next) => {
    const messages = activities.filter((a) => a.type === ActivityTypes.Message);
    const last = messages.at(-1);
    for (const activity of messages) {
      if (isTeams(context)) addToTeamsCard(activity, label);
      else if (activity.suggestedActions?.actions?.length) appendSuggested(activity, label);
    }
    if (last && !isTeams(context) && !last.suggestedActions?.actions?.length) appendSuggested(last, label);
    if (last && isTeams(context) && !hasCardActions(last)) {
      last.attachments = [
        ...(last.attachments ?? []),
        CardFactory.adaptiveCard({
          type: 'AdaptiveCard',
          version: '1.4',
          body: [],
          actions: [{ type: 'Action.Submit', title: label, data: { choice: label } }],
        }),
      ];
    }
    return next();
  });
}

function appendSuggested(activity: Partial<Activity>, label: string): void {
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.some((a) => a.title === label)) return;
  activity.suggestedActions = { to: activity.suggestedActions?.to ?? [], actions: [...actions, { type: ActionTypes.ImBack, title: label, value: label }] };
}

interface CardContent {
  actions?: Array<{ type: string; title?: string }>;
}
const cardsOf = (activity: Partial<Activity>): CardContent[] =>
  (activity.attachments ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content as CardContent);

function hasCardActions(activity: Partial<Activity>): boolean {
  return cardsOf(activity).some((c) => (c.actions ?? []).some((a) => a.type === 'Action.Submit'));
}

function addToTeamsCard(activity: Partial<Activity>, label: string): void {
  for (const card of cardsOf(activity)) {
    const actions = card.actions ?? [];
    if (actions.some((a) => a.type === 'Action.Submit') && !actions.some((a) => a.title === label)) {
      card.actions = [...actions, { type: 'Action.Submit', title: label, data: { choice: label } } as { type: string; title: string }];
    }
  }
}
