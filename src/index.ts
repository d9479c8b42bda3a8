import dotenv from 'dotenv';
import { ConfigError, loadConfig } from './config.js';
import { ContentError } from './domain/content.js';
import { logger } from './logger.js';

// .env is optional; the environment wins over it.
dotenv.config({ quiet: true });

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { createApp } = await import('./app.js');
  const { webChatRoutes } = await import('./features/webchat/webChatRoutes.js');
  const { directLineRoutes } = await import('./features/directline/directLineRoutes.js');
  let app;
  try {
    // The website chat page and its self-hosted Direct Line (or Azure's, with DIRECT_LINE_SECRET).
    app = await createApp(config, { routes: [webChatRoutes(), directLineRoutes()] });
  } catch (err) {
    if (err instanceof ContentError || (err instanceof Error && err.name.endsWith('Error') && /data\/|\.json/.test(err.message))) {
      process.stderr.write(`Cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const port = await app.listen();
  logger.info({ event: 'listening', port }, `Recovery guide listening on http://localhost:${port} (bot endpoint /api/messages)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
