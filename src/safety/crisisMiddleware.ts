import { ActionTypes, ActivityTypes, CardFactory, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { isTeams } from '../channels/render.js';
import type { ConversationAccessors, CrisisKind } from '../conversationData.js';
import { normalizeForMatch } from '../understanding.js';
import { setCrisisSignal } from '../turnSignals.js';
import { crisisActivity, mostUrgent, type CrisisResponses } from './crisisMessages.js';

export interface CrisisDetection {
  kinds: readonly CrisisKind[];
}
export type DetectCrisis = (text: string) => CrisisDetection | null;

export interface CrisisMiddlewareDeps {
  detect: DetectCrisis;
  responses: CrisisResponses;
  accessors: ConversationAccessors;
  logger: Logger;
  /** Our own follow-up button labels ("I'm not safe"): answered by the follow-up dialog, not re-detected. */
  exemptLabels: readonly string[];
}

/**
 * Sees every incoming message before any dialog. On crisis language it sends the crisis
 * response first and alone, records the concern for the rest of the conversation, and
 * leaves a signal so the root dialog asks whether the person is safe. From then on every
 * reply carries a "Get help now" action.
 */
export function crisisMiddleware(deps: CrisisMiddlewareDeps): Middleware {
  const exempt = new Set(deps.exemptLabels.map(normalizeForMatch));
  const getHelpNow = deps.responses.followUp.getHelpNow;
  return {
    async onTurn(context, next) {
      const activity = context.activity;
      const data = await deps.accessors.getData(context);
      if (activity.type === ActivityTypes.Message && typeof activity.text === 'string' && activity.text.length > 0) {
        const signal = exempt.has(normalizeForMatch(activity.text)) ? null : deps.detect(activity.text);
        if (signal && signal.kinds.length > 0) {
          const kinds = [...new Set([...(data.safety?.kinds ?? []), ...signal.kinds])];
          data.safety = { concern: true, kinds, firstAt: data.safety?.firstAt ?? new Date().toISOString() };
          // Kind only: never the text, never who.
          deps.logger.info({ event: 'crisis_detected', kind: mostUrgent(signal.kinds) }, 'crisis response sent');
          await context.sendActivity(crisisActivity(context, deps.responses, mostUrgent(signal.kinds)));
          setCrisisSignal(context, { kinds: [...signal.kinds] });
        }
      }
      if (data.safety?.concern) addGetHelpNow(context, getHelpNow);
      await next();
    },
  };
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
