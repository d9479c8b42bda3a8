import type { Middleware } from 'botbuilder';
import { channelLabel, metrics } from '../metrics.js';
import { mostUrgent } from '../domain/safety/crisisKind.js';
import { crisisSignalOf } from './turnSignals.js';

/**
 * Counts every turn for /metrics: by channel and activity type, how long it took, how
 * long its replies took to reach the channel's connector, whether a crisis response went
 * out (its most urgent kind only) and whether the turn threw. The first middleware, so
 * the time covers the others. Reads nothing of the activity but its channel and type.
 */
export const turnMetrics: Middleware = {
  async onTurn(context, next) {
    const channel = channelLabel(context.activity.channelId);
    const type = ['message', 'conversationUpdate', 'event', 'invoke', 'typing'].includes(context.activity.type) ? context.activity.type : 'other';
    const started = performance.now();
    context.onSendActivities(async (_context, _activities, send) => {
      const sending = performance.now();
      try {
        return await send();
      } finally {
        metrics.connectorSeconds.observe({ channel }, (performance.now() - sending) / 1000);
      }
    });
    try {
      await next();
    } catch (error) {
      metrics.errors.inc({ kind: 'turn' });
      throw error;
    } finally {
      metrics.turns.inc({ channel, type });
      metrics.turnSeconds.observe({ channel }, (performance.now() - started) / 1000);
      const crisis = crisisSignalOf(context);
      // "Get help now" sends the crisis response with no kind detected.
      if (crisis) metrics.crisisReplies.inc({ kind: crisis.kinds.length > 0 ? mostUrgent(crisis.kinds) : 'get_help_now' });
    }
  },
};
