import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { connectorSendTimeout } from './http/connectorSendTimeout.js';

/**
 * The Bot Framework adapter. Anonymous when no MicrosoftAppId is set (Emulator, local
 * web chat, tests); with one, requests without a valid Bot Framework token get 401.
 */
export function createAdapter(config: Config, logger: Logger, helplineDisplay: string): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  // Replies go out over botbuilder's shared keep-alive agent (one per process, in
  // @azure/core-client's cached HTTP client), so sockets to a connector are reused
  // across turns already. What it lacks is a timeout: bound each send.
  adapter.use(connectorSendTimeout(config.REQUEST_TIMEOUT_MS));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Name and call sites only: error messages (and the message lines of a stack) can
    // quote request or response bodies, which hold what people typed.
    logger.error({ event: 'turn_error', errorName: error.name, status: (error as { statusCode?: unknown }).statusCode, stack: callSites(error), channelId: context.activity.channelId }, 'turn failed');
    try {
      await context.sendActivity(`Sorry, something went wrong on my side. Please try again. You can always call ${helplineDisplay}, any time.`);
    } catch {
      logger.warn({ event: 'turn_error_reply_failed' }, 'could not send the error reply');
    }
  };
  return adapter;
}

/** The first frames of a stack, without its message lines (a message can span several lines). */
export function callSites(error: Error, frames = 5): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => /^\s+at\s/.test(line))
    .slice(0, frames)
    .map((line) => line.trim())
    .join('\n');
}
