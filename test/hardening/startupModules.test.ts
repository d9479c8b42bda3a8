import { expect } from 'chai';
import { runTs } from '../helpers/childProcess.js';

/**
 * What the running bot loads is memory it holds for its whole life. botbuilder-dialogs'
 * main entry loads @microsoft/recognizers-text (about 20 MB resident) for prompts this bot
 * does not use; src/botframework/botbuilderDialogs.ts imports the dialog classes from their own files
 * instead. This fails when a value import from 'botbuilder-dialogs' (or anything else that
 * reaches its main entry) comes back.
 */
describe('start-up: the packages the running bot loads', () => {
  let loaded: string[] = [];

  before(async function () {
    this.timeout(120_000);
    const { done } = runTs('test/hardening/loadedPackages.ts', {});
    const finished = await done;
    expect(finished.code, finished.stderr).to.equal(0);
    loaded = JSON.parse(finished.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
  });

  it('loads botbuilder-dialogs by file (the dialog classes), and it answered turns with them', () => {
    expect(loaded).to.include('botbuilder-dialogs/lib/componentDialog.js');
    expect(loaded).to.include('botbuilder-dialogs/lib/waterfallDialog.js');
  });

  it("never loads botbuilder-dialogs' main entry, its prompts or @microsoft/recognizers-text", () => {
    expect(loaded.filter((f) => f.startsWith('@microsoft/recognizers-text'))).to.deep.equal([]);
    expect(loaded).to.not.include('botbuilder-dialogs/lib/index.js');
    expect(loaded.filter((f) => f.startsWith('botbuilder-dialogs/lib/prompts/'))).to.deep.equal([]);
  });

  it('does not load the Redis client when state is kept in memory', () => {
    expect(loaded.filter((f) => f.startsWith('ioredis/'))).to.deep.equal([]);
  });
});
