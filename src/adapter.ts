import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from './config.js';

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

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Name and stack only: error messages can quote request bodies.
    logger.error({ event: 'turn_error', errorName: error.name, stack: error.stack?.split('\n').slice(1, 6).join('\n'), channelId: context.activity.channelId }, 'turn failed');
    try {
      await context.sendActivity(`Sorry, something went wrong on my side. Please try again. You can always call ${helplineDisplay}, any time.`);
    } catch {
      logger.warn({ event: 'turn_error_reply_failed' }, 'could not send the error reply');
    }
  };
  return adapter;
}
