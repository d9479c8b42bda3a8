import { ConversationState, MemoryStorage } from 'botbuilder';
import { join } from 'node:path';
import { expect } from 'chai';
import { createEscalation } from '../../src/features/callbacks/escalation.js';
import { loadConfig } from '../../src/config.js';
import { ConversationAccessors } from '../../src/turn/conversationData.js';
import { content } from '../helpers/testBot.js';
import { silentLogger, tempDir } from './escalationBot.js';

describe('escalation wiring from configuration', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => cleanup());

  const build = (env: Record<string, string>) =>
    createEscalation(loadConfig({ CALLBACK_QUEUE_PATH: join(dir, 'callbacks.json'), ...env }), {
      content,
      accessors: new ConversationAccessors(new ConversationState(new MemoryStorage())),
      logger: silentLogger,
    });

  it('registers the handoff dialog only when HANDOFF_ENABLED', async () => {
    const off = await build({});
    expect(off.dialogs.map((d) => d.id)).to.deep.equal(['callback']);
    await off.close();
    const on = await build({ HANDOFF_ENABLED: 'true' });
    expect(on.dialogs.map((d) => d.id)).to.deep.equal(['callback', 'handoff']);
    await on.close();
  });

  it('builds the webhook notifier only when CALLBACK_WEBHOOK_URL is set', async () => {
    const without = await build({});
    expect(without.notifier).to.equal(undefined);
    await without.close();
    const withUrl = await build({ CALLBACK_WEBHOOK_URL: 'https://staff.example.org/hooks/callbacks' });
    expect(withUrl.notifier).not.to.equal(undefined);
    await withUrl.close();
  });

  it('refuses a webhook URL that is not http(s) at start-up, naming the setting', async () => {
    let error: unknown;
    await build({ CALLBACK_WEBHOOK_URL: 'ftp://staff.example.org/hook' }).catch((err: unknown) => (error = err));
    expect((error as Error).message).to.include('CALLBACK_WEBHOOK_URL');
  });
});
