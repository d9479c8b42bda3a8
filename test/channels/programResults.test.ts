import type { Activity, Attachment } from 'botbuilder';
import { expect } from 'chai';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import { cardsLayout } from '../../src/replies/render.js';
import { BotText } from '../../src/domain/content.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { FixedProfileAssessment } from '../helpers/fixedProfileAssessment.js';
import { actionSets, content, createTestBot } from '../helpers/testBot.js';

/**
 * Program results on every channel: each card's call button says which program it calls,
 * and the cards come as a carousel only where the client draws one.
 */

const HERO = 'application/vnd.microsoft.card.hero';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
/** Microsoft 365 Agents Playground (the Teams App Test Tool) talks to the bot as `msteams` from a local http service. */
const PLAYGROUND_SERVICE_URL = 'http://localhost:56150/_connector';

const columbus = { zip: '43205', city: 'Columbus', state: 'OH', latitude: 39.95165, longitude: -82.95969 };
const profile: Profile = { careStage: 'finished_detox', format: 'either', location: columbus, gender: 'prefer_not' };

let catalog: Catalog;
before(async () => {
  catalog = await loadCatalog(fromRoot('data/programs.json'));
});

/** "Find a program" with a stored profile, on a channel; returns the message that carries the program cards. */
async function programResults(channelId: string, serviceUrl?: string): Promise<Partial<Activity>> {
  const suggester = new ProgramSuggester({ programs: () => catalog.programs, catalog: () => catalog }, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
  const bot = createTestBot({
    channelId,
    ...(serviceUrl ? { serviceUrl } : {}),
    extraDialogs: ({ accessors }) => [new FixedProfileAssessment(accessors, profile, { proceedToSuggestions: true }), new SuggestionsDialog(content, accessors, suggester)],
  });
  await bot.say('hi');
  const replies = await bot.say(content.text.menu.find);
  const results = replies.find((r) => (r.attachments?.length ?? 0) > 1);
  expect(results, `${channelId}: no message with program cards`).to.not.equal(undefined);
  return results!;
}

/** The program a card shows, and the title of its call button, however the channel draws the card. */
function nameAndCallButton(attachment: Attachment): { name: string; call: string } {
  if (attachment.contentType === HERO) {
    const card = attachment.content as { title: string; buttons: Array<{ type: string; title: string; value: string }> };
    const call = card.buttons.find((b) => String(b.value).startsWith('tel:'));
    return { name: card.title, call: call?.title ?? '' };
  }
  expect(attachment.contentType).to.equal(ADAPTIVE);
  const card = attachment.content as { body: Array<{ text?: string }> };
  const call = actionSets(card).flat().find((a) => a.type === 'Action.OpenUrl' && a.url?.startsWith('tel:'));
  return { name: card.body[0]?.text ?? '', call: call?.title ?? '' };
}

describe('program results on every channel', () => {
  describe('the call button names the program', () => {
    for (const channel of ['webchat', 'directline', 'emulator', 'msteams', 'slack', 'test']) {
      it(`${channel}: "Call <program>" on every card`, async () => {
        const results = await programResults(channel, channel === 'msteams' ? TEAMS_SERVICE_URL : undefined);
        for (const attachment of results.attachments ?? []) {
          const { name, call } = nameAndCallButton(attachment);
          expect(name).to.not.equal('');
          expect(call).to.equal(`Call ${name}`);
        }
      });
    }

    it('on Teams the call button has a row of its own, so the name is never cut short', async () => {
      const results = await programResults('msteams', TEAMS_SERVICE_URL);
      for (const attachment of results.attachments ?? []) {
        const row = actionSets(attachment.content).find((set) => set.some((a) => a.url?.startsWith('tel:')));
        expect(row).to.have.length(1);
      }
    });

    it('the words come from data/content.json, and a label that does not name the program is refused', () => {
      expect(content.text.programCard.call).to.equal('Call {name}');
      expect(BotText.shape.programCard.safeParse({ ...content.text.programCard, call: 'Call now' }).success).to.equal(false);
      expect(BotText.shape.programCard.safeParse({ ...content.text.programCard, call: 'Llamar a {name}' }).success).to.equal(true);
    });
  });

  describe('a carousel only where the client draws one', () => {
    const cases: Array<[string, string | undefined, 'carousel' | 'list']> = [
      ['webchat', undefined, 'carousel'],
      ['directline', undefined, 'carousel'],
      ['emulator', undefined, 'carousel'],
      ['msteams', TEAMS_SERVICE_URL, 'carousel'],
      ['msteams', PLAYGROUND_SERVICE_URL, 'list'],
      ['slack', undefined, 'list'],
      ['test', undefined, 'list'],
    ];
    for (const [channel, serviceUrl, layout] of cases) {
      it(`${channel}${serviceUrl === PLAYGROUND_SERVICE_URL ? ' (Agents Playground)' : ''}: ${layout}`, async () => {
        const results = await programResults(channel, serviceUrl);
        expect(results.attachmentLayout).to.equal(layout);
        // Whatever the layout, the words name every program and its number.
        for (const attachment of results.attachments ?? []) expect(results.text).to.include(nameAndCallButton(attachment).name);
      });
    }

    it('the Playground on 127.0.0.1 or [::1] is told apart the same way; Teams by its channel name alone keeps the carousel', () => {
      const context = (serviceUrl: string) => ({ activity: { channelId: 'msteams', serviceUrl } }) as unknown as Parameters<typeof cardsLayout>[0];
      expect(cardsLayout(context('http://127.0.0.1:56150/_connector'))).to.equal('list');
      expect(cardsLayout(context('https://[::1]:3979/'))).to.equal('list');
      expect(cardsLayout(context('https://smba.trafficmanager.net/emea/'))).to.equal('carousel');
      expect(cardsLayout('msteams')).to.equal('carousel');
    });
  });
});
