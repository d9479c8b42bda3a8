import type { Activity, Attachment } from 'botbuilder';
import { expect } from 'chai';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { ProgramSuggester } from '../../src/catalog/programSuggester.js';
import type { Catalog } from '../../src/catalog/schema.js';
import { loadCatalog } from '../../src/catalog/store.js';
import { BotText } from '../../src/content.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/profile.js';
import { FixedProfileAssessment } from '../helpers/fixedProfileAssessment.js';
import { actionSets, content, createTestBot } from '../helpers/testBot.js';

/** Program results on every channel: each card's call button says which program it calls. */

const HERO = 'application/vnd.microsoft.card.hero';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

const columbus = { zip: '43205', city: 'Columbus', state: 'OH', latitude: 39.95165, longitude: -82.95969 };
const profile: Profile = { careStage: 'finished_detox', format: 'either', location: columbus };

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
    extraDialogs: ({ accessors }) => [new FixedProfileAssessment(accessors, profile, { handover: true }), new SuggestionsDialog(content, accessors, suggester)],
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
      expect(BotText.shape.programCard.safeParse({ call: 'Call now' }).success).to.equal(false);
      expect(BotText.shape.programCard.safeParse({ call: 'Llamar a {name}' }).success).to.equal(true);
    });
  });
});
