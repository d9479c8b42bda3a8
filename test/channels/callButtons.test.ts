import type { Activity, Attachment } from 'botbuilder';
import { expect } from 'chai';
import type { ProgramMatch } from '../../src/domain/catalog/matcher.js';
import type { Program } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import { programCard } from '../../src/replies/programCards.js';
import { callMessage, TEL_URL } from '../../src/replies/render.js';
import { fromRoot } from '../../src/paths.js';
import { crisisActivity, CrisisResponsesFile } from '../../src/replies/crisisMessages.js';
import { actionSets, callTargets, content, createTestBot, crisisResponses } from '../helpers/testBot.js';

/**
 * The exact call buttons each channel receives. Web Chat (our page and widget, Azure's
 * Direct Line, the Emulator) draws a hero card's `call` button as "tel:" + value, so there
 * a call button must be an `openUrl` to the tel: URL; Teams has no `call` action and gets
 * Action.OpenUrl with the + written %2B; other channels keep the schema's `call`.
 */
const WEB_CHAT = ['webchat', 'directline', 'emulator'] as const;
const HERO = 'application/vnd.microsoft.card.hero';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

interface HeroButton {
  type: string;
  title: string;
  value: unknown;
}
/** The card: a program card is an attachment, the others are messages with one. */
function card(x: Partial<Activity> | Attachment, contentType: string): unknown {
  const attachment = 'contentType' in x ? (x as Attachment) : (x as Partial<Activity>).attachments?.[0];
  expect(attachment?.contentType).to.equal(contentType);
  return attachment!.content;
}
const heroButtons = (x: Partial<Activity> | Attachment): HeroButton[] => (card(x, HERO) as { buttons: HeroButton[] }).buttons;
/** Every action of the card, as drawn: the body's ActionSets, then the card's own actions. */
const adaptiveActions = (x: Partial<Activity> | Attachment): unknown[] => actionSets(card(x, ADAPTIVE)).flat();

const helpline = content.text.helpline;
const words = content.text.programCard;
const helplineCard = { title: 'Talk to someone now', button: 'Call 833-820-2922' };

describe('call buttons, per channel', () => {
  describe('the helpline card', () => {
    for (const channel of WEB_CHAT) {
      it(`${channel}: an openUrl to tel:+18338202922, never a call action Web Chat would prefix`, () => {
        const msg = callMessage(channel, 'text', helplineCard, helpline, helpline.hours);
        expect(heroButtons(msg)).to.deep.equal([{ type: 'openUrl', title: 'Call 833-820-2922', value: 'tel:+18338202922' }]);
      });
    }

    it('msteams: Action.OpenUrl to tel:%2B18338202922', () => {
      const msg = callMessage('msteams', 'text', helplineCard, helpline, helpline.hours);
      expect(adaptiveActions(msg)).to.deep.equal([{ type: 'Action.OpenUrl', title: 'Call 833-820-2922', url: 'tel:%2B18338202922' }]);
    });

    it('any other channel: the schema\'s call action with the tel: URL', () => {
      const msg = callMessage('slack', 'text', helplineCard, helpline, helpline.hours);
      expect(heroButtons(msg)).to.deep.equal([{ type: 'call', title: 'Call 833-820-2922', value: 'tel:+18338202922' }]);
    });
  });

  describe('the crisis cards', () => {
    for (const channel of WEB_CHAT) {
      it(`${channel}: 988, 911 and the helpline as openUrl tel: links`, () => {
        expect(heroButtons(crisisActivity(channel, crisisResponses, 'suicide_self_harm'))).to.deep.equal([
          { type: 'openUrl', title: 'Call or text 988', value: 'tel:988' },
          { type: 'openUrl', title: 'Our 24/7 helpline', value: 'tel:+18338202922' },
        ]);
        expect(heroButtons(crisisActivity(channel, crisisResponses, 'medical_emergency'))).to.deep.equal([
          { type: 'openUrl', title: 'Call 911', value: 'tel:911' },
          { type: 'openUrl', title: 'Our 24/7 helpline', value: 'tel:+18338202922' },
        ]);
        expect(heroButtons(crisisActivity(channel, crisisResponses, 'harm_to_others'))).to.deep.equal([
          { type: 'openUrl', title: 'Call 911', value: 'tel:911' },
          { type: 'openUrl', title: 'Call or text 988', value: 'tel:988' },
        ]);
      });
    }

    it('msteams: a button for every number, 988 and 911 as they are, the helpline with %2B', () => {
      expect(adaptiveActions(crisisActivity('msteams', crisisResponses, 'suicide_self_harm'))).to.deep.equal([
        { type: 'Action.OpenUrl', title: 'Call or text 988', url: 'tel:988' },
        { type: 'Action.OpenUrl', title: 'Our 24/7 helpline', url: 'tel:%2B18338202922' },
      ]);
      expect(adaptiveActions(crisisActivity('msteams', crisisResponses, 'medical_emergency'))).to.deep.equal([
        { type: 'Action.OpenUrl', title: 'Call 911', url: 'tel:911' },
        { type: 'Action.OpenUrl', title: 'Our 24/7 helpline', url: 'tel:%2B18338202922' },
      ]);
      expect(adaptiveActions(crisisActivity('msteams', crisisResponses, 'harm_to_others'))).to.deep.equal([
        { type: 'Action.OpenUrl', title: 'Call 911', url: 'tel:911' },
        { type: 'Action.OpenUrl', title: 'Call or text 988', url: 'tel:988' },
      ]);
    });

    it('every channel still names the numbers in the text', () => {
      for (const channel of [...WEB_CHAT, 'msteams', 'slack']) {
        const text = crisisActivity(channel, crisisResponses, 'medical_emergency').text ?? '';
        expect(text).to.include('911').and.to.include('833-820-2922');
      }
    });
  });

  describe('a program card', () => {
    let program: Program;
    before(async () => {
      program = (await loadCatalog(fromRoot('data/programs.json'))).programs[0]!;
    });
    const match = (p: Program): ProgramMatch => ({ program: p, score: 1, fittingTracks: [], reasons: ['Near you'] });

    for (const channel of WEB_CHAT) {
      it(`${channel}: an openUrl to the intake number in E.164, with the website and "Show more" unchanged`, () => {
        const p: Program = { ...program, phone: '614-555-0187', intakePhone: '614-555-0190 x12', website: 'https://example.org/p' };
        expect(heroButtons(programCard(channel, match(p), true, words, content.messages.reasons))).to.deep.equal([
          { type: 'openUrl', title: `Call ${p.name}`, value: 'tel:+16145550190' },
          { type: 'openUrl', title: 'Website', value: 'https://example.org/p' },
          { type: 'imBack', title: 'Show more', value: 'Show more' },
        ]);
      });
    }

    it('msteams: Action.OpenUrl to tel:%2B1…', () => {
      const { intakePhone: _none, ...rest } = program;
      const p: Program = { ...rest, phone: '614-555-0187' };
      const actions = adaptiveActions(programCard('msteams', match(p), false, words, content.messages.reasons));
      expect(actions[0]).to.deep.equal({ type: 'Action.OpenUrl', title: `Call ${p.name}`, url: 'tel:%2B16145550187' });
    });

    it('says "About a mile away" for a program a mile or less away, never "1 miles"', () => {
      const subtitle = (miles: number) => {
        const card = programCard('webchat', { ...match(program), distanceMiles: miles }, false, words, content.messages.reasons);
        return (card.content as { subtitle?: string }).subtitle ?? '';
      };
      const { city, state } = program.address;
      expect(subtitle(0.4)).to.equal(`About a mile away, ${city}, ${state}`);
      expect(subtitle(1.3)).to.equal(`About a mile away, ${city}, ${state}`);
      expect(subtitle(3.6)).to.equal(`About 4 miles away, ${city}, ${state}`);
    });

    it('shows a schedule in the clock people read ("6:00 pm–9:00 pm"), not the catalog\'s 24-hour times', () => {
      const track = { days: ['mon', 'wed'], start: '18:00', end: '21:00', hoursPerWeek: 6, format: 'in_person' } as ProgramMatch['fittingTracks'][number];
      const card = programCard('webchat', { ...match(program), fittingTracks: [track] }, false, words, content.messages.reasons);
      const text = (card.content as { text?: string }).text ?? '';
      expect(text).to.include('6:00 pm–9:00 pm');
      expect(text).not.to.include('18:00');
    });

    it('any other channel: the schema\'s call action', () => {
      const { intakePhone: _none, ...rest } = program;
      const p: Program = { ...rest, phone: '614-555-0187' };
      expect(heroButtons(programCard('slack', match(p), false, words, content.messages.reasons))[0]).to.deep.equal({ type: 'call', title: `Call ${p.name}`, value: 'tel:+16145550187' });
    });
  });

  describe('whole conversations on the web chat channel', () => {
    it('"Talk to someone now" and a crisis send openUrl tel: links, no call actions', async () => {
      const bot = createTestBot({ channelId: 'webchat' });
      await bot.say('hi');
      const talk = await bot.say(content.text.menu.talk);
      expect(callTargets(talk)).to.deep.equal(['tel:+18338202922']);
      const crisis = await bot.say("my friend took too much and isn't breathing");
      expect(callTargets([crisis[0]!])).to.deep.equal(['tel:911', 'tel:+18338202922']);
      const heroes = [...talk, ...crisis].flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === HERO);
      for (const hero of heroes) for (const b of (hero.content as { buttons?: HeroButton[] }).buttons ?? []) expect(b.type).to.not.equal('call');
    });
  });

  describe('the numbers in data/', () => {
    it('are tel: URLs in E.164, or 988 and 911 as they are', () => {
      expect(helpline.tel).to.match(TEL_URL);
      for (const kind of ['suicide_self_harm', 'medical_emergency', 'harm_to_others'] as const) {
        for (const n of crisisResponses[kind].numbers) expect(n.tel, n.label).to.match(TEL_URL);
      }
    });

    it('a crisis number that is not (tel:8338202922, tel:tel:988) is refused when loading', () => {
      // The loaded texts carry in(locale), a function; each locale's file is what is checked.
      for (const locale of ['en', 'es'] as const) {
        const file = crisisResponses.in!(locale);
        expect(CrisisResponsesFile.safeParse(structuredClone(file)).success, locale).to.equal(true);
        for (const tel of ['tel:8338202922', 'tel:18338202922', 'tel:tel:988', '+18338202922', 'tel:+1 833 820 2922']) {
          const bad = structuredClone(file);
          bad.medical_emergency.numbers[0]!.tel = tel;
          expect(CrisisResponsesFile.safeParse(bad).success, `${locale} ${tel}`).to.equal(false);
        }
      }
    });
  });
});
