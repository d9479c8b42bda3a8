import { expect } from 'chai';
import { pino } from 'pino';
import type { Activity } from 'botbuilder';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { CallbackDialog } from '../../dialogs/callbackDialog.js';
import { MeetingsDialog } from '../../dialogs/meetingsDialog.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';
import { MeetingStore } from '../../src/domain/meetings/store.js';
import { MeetingFinder } from '../../src/domain/meetings/finder.js';
import { fromRoot } from '../../src/paths.js';
import { allText, buttons, content, createTestBot } from '../helpers/testBot.js';
import { englishSentences } from '../helpers/englishSentences.js';

/**
 * A Spanish speaker does everything an English speaker can, in Spanish (issue #18): welcome,
 * learning about IOP, the program search to Spanish-speaking programs, a person, and a crisis at
 * any point. Every reply of every conversation here is checked for English sentences: only names
 * (programs, meetings, places), numbers, and the words both languages share may be in English.
 */

const es = content.in('es');

let names: string[] = [];

function expectAllSpanish(replies: Partial<Activity>[]): void {
  expect(englishSentences(replies, names), allText(replies)).to.deep.equal([]);
}

describe('a whole conversation in Spanish (issue #18)', function () {
  this.timeout(20_000);
  let catalog: Catalog;
  let finder: MeetingFinder;
  let store: MeetingStore;

  before(async () => {
    catalog = await loadCatalog(fromRoot('data/programs.json'));
    store = await MeetingStore.open(fromRoot('data/meetings.json'), pino({ level: 'silent' }));
    finder = new MeetingFinder(store, 10);
    names = [...catalog.programs.flatMap((p) => [p.name, p.organization ?? '', p.address?.city ?? '', p.address?.street ?? '']), ...store.current().meetings.flatMap((m) => [m.name, m.place?.location ?? '', m.place?.formatted ?? ''])]
      .filter((n): n is string => typeof n === 'string' && n.length > 0);
  });
  after(async () => store.close());

  function spanishBot() {
    const source = { programs: () => catalog.programs, catalog: () => catalog };
    const suggester = new ProgramSuggester(source, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
    const queue = { add: async () => ({ id: 'cb-1' }) };
    return createTestBot({
      extraDialogs: ({ accessors }) => [
        new AssessmentDialog({ accessors, content, listings: suggester }),
        new SuggestionsDialog(content, accessors, suggester),
        new MeetingsDialog(content, accessors, finder),
        new CallbackDialog({ content, queue: queue as never, retentionDays: 14, logger: pino({ level: 'silent' }) }),
      ],
    });
  }
  type Bot = ReturnType<typeof spanishBot>;
  const join = (bot: Bot, locale = 'es-US') =>
    bot.say({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'user' }], recipient: { id: 'bot', name: 'bot' }, locale });

  it('welcome (es-US from the channel) → learn about IOP → a topic → the menu, all in Spanish', async () => {
    const bot = spanishBot();
    const all: Partial<Activity>[] = [];
    const say = async (input: string | Partial<Activity>) => {
      const replies = await bot.say(input);
      all.push(...replies);
      return replies;
    };
    let replies = await join(bot);
    all.push(...replies);
    expect(allText(replies)).to.include(es.text.welcome[0]);
    expect(buttons(replies)).to.deep.equal([es.text.menu.learn, es.text.menu.find, es.text.menu.talk, 'English']);
    replies = await say('¿qué es un IOP?');
    expect(allText(replies)).to.include(es.topic('what_is_iop').summary);
    replies = await say(es.text.learn.tellMore);
    expect(allText(replies)).to.include(es.topic('what_is_iop').more[0]!);
    replies = await say('¿y la terapia de grupo?');
    expect(allText(replies)).to.include(es.topic('group_therapy').summary);
    replies = await say('¿cuánto cuesta?');
    expect(allText(replies)).to.include(es.text.cost[0]!);
    replies = await say(es.text.learn.resume);
    replies = await say('menú');
    expect(buttons(replies)).to.include(es.text.menu.find);
    expectAllSpanish(all);
  });

  it('find a program in Spanish words: free text facts, a ZIP code, and Spanish-speaking programs first, said in the reasons', async () => {
    const bot = spanishBot();
    const all: Partial<Activity>[] = [];
    const say = async (input: string) => {
      const replies = await bot.say(input);
      all.push(...replies);
      return replies;
    };
    all.push(...(await join(bot)));
    let replies = await say('hola, necesito encontrar un programa');
    // The facts typed in Spanish are understood and confirmed in Spanish.
    for (let i = 0; i < 25; i++) {
      const shown = allText(replies);
      if (/programas que te podrían quedar bien|Estos son programas/i.test(shown) || replies.some((r) => (r.attachments ?? []).some((a) => /hero|adaptive/.test(a.contentType ?? '') && JSON.stringify(a.content).includes('Llamar a')))) break;
      const b = buttons(replies);
      let answer: string;
      if (/código postal|ZIP/i.test(shown)) answer = '90011';
      else if (/horario trabajas|qué tienes encima/i.test(shown)) answer = 'trabajo de noche y tengo dos hijos, no tengo carro';
      else if (/cómo pagarías/i.test(shown)) answer = 'tengo Medi-Cal';
      else if (/dónde estás ahorita con el tratamiento/i.test(shown)) answer = 'ya terminé la desintoxicación';
      else if (/en qué idioma/i.test(shown)) answer = 'español';
      else answer = b.find((x) => /^No$|Saltar|Listo|Me da igual|En la noche/.test(x)) ?? b[0] ?? 'saltar';
      replies = await say(answer);
    }
    const text = allText(replies);
    expect(text, 'the programs came').to.match(/Llamar a /);
    // Spanish-speaking programs first, and the card says why.
    expect(text).to.match(/español/i);
    expectAllSpanish(all);
  });

  it('talk to someone: the helpline as it is, with SAMHSA in Spanish; a callback in Spanish words', async () => {
    const bot = spanishBot();
    const all: Partial<Activity>[] = [];
    const say = async (input: string) => {
      const replies = await bot.say(input);
      all.push(...replies);
      return replies;
    };
    all.push(...(await join(bot)));
    let replies = await say('no hablo inglés, ¿hay alguien que hable español?');
    const text = allText(replies);
    expect(text).to.include('833-820-2922');
    expect(text).to.include('1-800-662-4357');
    expect(text).to.include(es.messages.helpline.helpInSpanish);
    replies = await say(es.messages.talk.callback);
    expect(allText(replies)).to.include(es.messages.callback.askPhone);
    replies = await say('312-555-2368');
    expect(buttons(replies)).to.include(es.messages.callback.times.evening);
    replies = await say(es.messages.callback.times.evening);
    expect(allText(replies)).to.include('en la noche');
    replies = await say('sí');
    expect(allText(replies)).to.include('Tu solicitud quedó guardada');
    expectAllSpanish(all);
  });

  it('a crisis at any point: 988 press 2 and AYUDA, then "are you safe" in Spanish', async () => {
    const bot = spanishBot();
    const all: Partial<Activity>[] = [];
    const say = async (input: string) => {
      const replies = await bot.say(input);
      all.push(...replies);
      return replies;
    };
    all.push(...(await join(bot)));
    await say('busco un programa');
    const replies = await say('ya no quiero vivir');
    const text = allText(replies);
    expect(text).to.include('marca 2');
    expect(text).to.include('AYUDA');
    expect(text).to.include('¿Estás a salvo ahorita?');
    expectAllSpanish(all);
  });

  it('the language follows the person: Spanish written on an English channel switches, "English" switches back, the button too', async () => {
    const bot = spanishBot();
    let replies = await join(bot, 'en-US');
    expect(buttons(replies)).to.include('Español');
    replies = await bot.say('hola, quiero información sobre el programa');
    expectAllSpanish(replies);
    replies = await bot.say('English');
    expect(allText(replies)).to.include(content.text.menu.languageChosen);
    replies = await bot.say('menu');
    expect(buttons(replies)).to.deep.equal([content.text.menu.learn, content.text.menu.find, content.text.menu.talk, 'Español']);
    replies = await bot.say('Español');
    expect(allText(replies)).to.include(es.text.menu.languageChosen);
    expect(buttons(replies)).to.include(es.text.menu.find);
    // A ZIP code, "ok" or a name says nothing about the language: it stays Spanish.
    replies = await bot.say('ok');
    expectAllSpanish(replies);
  });

  it('on Teams: the menu, a topic and the helpline come as Spanish Adaptive Cards', async () => {
    const source = { programs: () => catalog.programs, catalog: () => catalog };
    const suggester = new ProgramSuggester(source, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
    const bot = createTestBot({ channelId: 'msteams', extraDialogs: ({ accessors }) => [new AssessmentDialog({ accessors, content, listings: suggester }), new SuggestionsDialog(content, accessors, suggester)] });
    const all: Partial<Activity>[] = [];
    all.push(...(await join(bot as unknown as Bot)));
    for (const words of ['hola', es.text.menu.learn, es.topic('group_therapy').title, es.text.menu.talk]) all.push(...(await bot.say(words)));
    const cards = all.flatMap((a) => (a.attachments ?? []).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive'));
    expect(cards.length).to.be.greaterThan(2);
    const cardText = JSON.stringify(cards.map((c) => c.content));
    expect(cardText).to.include(es.text.menu.find);
    expect(cardText).to.include('Llamar al 833-820-2922');
    expectAllSpanish(all);
  });

  it('the English-sentence check can fail: an English reply is caught', () => {
    expect(englishSentences([{ type: 'message', text: 'Here are programs that could fit you.' }])).to.have.length(1);
    expect(englishSentences([{ type: 'message', text: 'Llama al 988 y marca 2. IOP, Medicaid, 833-820-2922.' }])).to.deep.equal([]);
  });
});
