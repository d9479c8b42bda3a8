import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { pino } from 'pino';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { lastMessage, questionShown, texts } from './harness.js';

describe('assessment in the composition root (createApp)', () => {
  let app: App;
  let adapter: TestAdapter;
  const say = async (message: string): Promise<Partial<Activity>[]> => {
    await adapter.receiveActivity(message);
    return adapter.activeQueue.splice(0);
  };

  before(async () => {
    app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }), storage: new MemoryStorage() });
    adapter = new TestAdapter((context) => app.bot.run(context));
  });
  after(async () => {
    await app.close();
  });

  it('"Find a program" starts the assessment, and its end goes on to the program suggestions', async () => {
    await say('hi');
    expect(questionShown(lastMessage(await say('Find a program')))).to.equal('careStage');
    let turn = await say('Finished detox');
    for (let i = 0; i < 30 && questionShown(lastMessage(turn)) !== undefined; i++) {
      turn = await say(questionShown(lastMessage(turn)) === 'location' ? '97201' : 'skip');
    }
    const said = texts(turn);
    const guidanceAt = said.findIndex((t) => t.startsWith('**'));
    expect(guidanceAt).to.be.at.least(0);
    // Something follows the guidance (the suggestions), not straight back to the menu.
    expect(turn.length).to.be.greaterThan(guidanceAt + 2);
  });
});
