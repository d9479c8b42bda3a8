import { expect } from 'chai';
import { ActivityTypes, type Activity } from 'botbuilder';
import { allText, buttons, callTargets, content, createTestBot, crisisResponses } from '../helpers/testBot.js';

/**
 * "Are you safe right now?" answered in free text, in English and Spanish, as a person
 * meets it: anything but a clear yes stays on the crisis path with the numbers and a
 * person offered now; a yes gets a gentle check-in and the way back; the question is
 * never asked again in the same words, and no topic card answers it. Also: two messages
 * in a row read together, and a crisis message never kept as an assessment answer.
 */

type Bot = ReturnType<typeof createTestBot>;
const en = crisisResponses.in ? crisisResponses.in('en').followUp : crisisResponses.followUp;
const es = crisisResponses.in ? crisisResponses.in('es').followUp : crisisResponses.followUp;
const HELPLINE_TEL = 'tel:+18338202922';

const start = async (bot: Bot): Promise<void> => {
  await bot.say({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'user' }], recipient: { id: 'bot', name: 'bot' } });
};

async function afterCrisis(words: string): Promise<Bot> {
  const bot = createTestBot();
  await start(bot);
  const replies = await bot.say(words);
  expect(callTargets(replies), words).to.include('tel:988');
  return bot;
}

const topicSummaries = (): string[] => ['what_is_iop', 'group_therapy', 'support_groups'].map((id) => content.topic(id as 'what_is_iop').summary);

function staysOnCrisisPath(replies: Partial<Activity>[], f: typeof en, said: string): void {
  const text = allText(replies);
  expect(text, said).to.match(/988|911/);
  expect(callTargets(replies), said).to.include(HELPLINE_TEL);
  expect(text, said).not.to.include(f.askSafe);
  expect(text, said).not.to.include(f.gladSafe);
  for (const summary of topicSummaries()) expect(text, said).not.to.include(summary);
  expect(buttons(replies), said).to.include(f.person);
}

describe('crisis follow-up: "are you safe right now?" in free text', () => {
  describe('English', () => {
    for (const said of ['no', 'not really', 'nope', 'idk', "i don't know", '...', '?', 'honestly no', "i'm scared of myself right now", 'why does it matter, nobody cares', 'safe for now but tonight is gonna be rough']) {
      it(`"${said}" stays on the crisis path: numbers and a person now, not the same question`, async () => {
        const bot = await afterCrisis('i want to kill myself');
        staysOnCrisisPath(await bot.say(said), en, said);
      });
    }

    for (const said of ['yes', "yeah I'm safe", 'im ok, my sponsor is here with me']) {
      it(`"${said}" is safe: a gentle word and the way on, no crisis numbers pushed again`, async () => {
        const bot = await afterCrisis('i want to kill myself');
        const replies = await bot.say(said);
        expect(allText(replies)).to.include(en.gladSafe);
        expect(allText(replies)).not.to.include(en.askSafe);
        expect(buttons(replies)).to.include.members([en.nextSteps, en.person]);
      });
    }

    it('"I\'m not going to do anything, I just feel empty" is safe but hurting: a check-in and a person offered', async () => {
      const bot = await afterCrisis('i want to kill myself');
      const replies = await bot.say("i'm not going to do anything, i just feel empty");
      expect(allText(replies)).to.include(en.checkIn);
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
      expect(allText(replies)).not.to.include(en.askSafe);
      expect(allText(replies)).not.to.include(en.notSafeReply);
    });

    it('more crisis words as the answer: the crisis response again, then a person, never the question again', async () => {
      const bot = await afterCrisis('i want to kill myself');
      const replies = await bot.say('not really, the pills are right here next to me');
      expect(callTargets(replies)).to.include('tel:988');
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
      expect(allText(replies)).not.to.include(en.askSafe);
    });

    it('crisis words while the next-steps offer waits: the follow-up goes on, not the question again', async () => {
      const bot = await afterCrisis('i want to kill myself');
      await bot.say('yes');
      const replies = await bot.say('actually i want to die');
      expect(allText(replies)).to.include(en.stillHere);
      expect(allText(replies)).not.to.include(en.askSafe);
    });

    it('words about being safe said at the next-steps offer still answer "are you safe?" ("…tonight" never opens the meetings); a question there is still answered', async () => {
      const bot = await afterCrisis('whats the point anymore, everyone would be better off without me');
      await bot.say('idk');
      const unsure = await bot.say('i guess im safe for tonight');
      expect(allText(unsure)).to.include(en.stillHere);
      expect(allText(unsure)).not.to.include(content.meetings.askPlace);
      expect(buttons(unsure)).to.include.members([en.nextSteps, en.person]);
      const safe = await bot.say('yeah im ok now, my sister is here');
      expect(allText(safe)).to.include(en.gladSafe);
      expect(buttons(safe)).to.include.members([en.nextSteps, en.person]);
      const notSafe = await bot.say('actually no, not really');
      staysOnCrisisPath(notSafe, en, 'actually no, not really');
      // Not about safety: the offer lets it through as before (a question people ask).
      const cost = await bot.say('how much does an IOP cost?');
      expect(allText(cost)).not.to.include(en.stillHere);
      expect(allText(cost)).not.to.include(en.gladSafe);
    });

    it('a crisis later in the conversation asks again in other words', async () => {
      const bot = await afterCrisis('i want to kill myself');
      await bot.say('yes');
      await bot.say(en.nextSteps);
      await bot.say('menu');
      const replies = await bot.say('i want to die');
      expect(allText(replies)).to.include(en.askSafeAgain);
      expect(allText(replies)).not.to.include(en.askSafe);
    });

    it('something answered over the question (a relapse, "help") brings it back in other words, never twice the same', async () => {
      const bot = await afterCrisis('i want to kill myself');
      const afterRisk = allText(await bot.say("i relapsed last night and i'm scared i'll overdose"));
      expect(afterRisk).to.include(en.askSafeAgain);
      expect(afterRisk).not.to.include(en.askSafe);
      const afterHelp = allText(await bot.say('help'));
      expect(afterHelp).to.include(en.askSafe);
      expect(afterHelp).not.to.include(en.askSafeAgain);
    });

    it('a tapped button still works', async () => {
      const bot = await afterCrisis('i want to kill myself');
      const replies = await bot.say(en.notSafe);
      expect(allText(replies)).to.include(en.notSafeReply);
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
    });
  });

  describe('Spanish', () => {
    it('the crisis response and the question are in Spanish, with 988 press 2 and AYUDA', async () => {
      const bot = createTestBot();
      await start(bot);
      const replies = await bot.say('ya no aguanto, me quiero morir');
      const text = allText(replies);
      expect(text).to.include('marca 2');
      expect(text).to.include('AYUDA');
      expect(callTargets(replies)).to.include('tel:988');
      expect(text).to.include(es.askSafe);
    });

    for (const said of ['no', 'no, la verdad no', 'no sé', 'no sé, creo que sí', 'ya nada importa, para qué preguntas', 'ahorita sí, pero no sé en la noche', 'ya no puedo con esto, todo me sale mal']) {
      it(`"${said}" stays on the crisis path, in Spanish`, async () => {
        const bot = await afterCrisis('me quiero morir');
        staysOnCrisisPath(await bot.say(said), es, said);
      });
    }

    for (const said of ['sí, estoy bien', 'sí, estoy a salvo, en mi casa con mi mamá']) {
      it(`"${said}" is safe: "qué bueno" and the way on`, async () => {
        const bot = await afterCrisis('me quiero morir');
        const replies = await bot.say(said);
        expect(allText(replies)).to.include(es.gladSafe);
        expect(allText(replies)).not.to.include(es.askSafe);
      });
    }

    it('"sí, nomás me siento vacío" is safe but hurting: a check-in in Spanish and a person', async () => {
      const bot = await afterCrisis('me quiero morir');
      const replies = await bot.say('sí, no voy a hacer nada, nomás me siento vacío');
      expect(allText(replies)).to.include(es.checkIn);
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
    });
  });
});

describe('two messages in a row read together', () => {
  it('"so tired of everything", then "I have the pills right here": the second completes the risk', async () => {
    const bot = createTestBot();
    await start(bot);
    const first = await bot.say("I'm so tired of everything");
    expect(callTargets(first)).not.to.include('tel:988');
    const second = await bot.say('I have the pills right here');
    expect(callTargets(second)).to.include('tel:988');
    expect(allText(second)).to.include(en.askSafe);
  });

  it('keeps only concept names between the two, never the words', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say("I'm so tired of everything");
    const stored = JSON.stringify(await bot.storage.read(['test/conversations/conv-1/']));
    expect(stored).to.include('"crisisCarry":["hopeless"]');
    expect(stored.toLowerCase()).not.to.include('tired');
  });

  it('one message apart is not enough: what was carried lasts one message', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say("I'm so tired of everything");
    await bot.say('what is group therapy?');
    const replies = await bot.say('I have the pills right here');
    expect(callTargets(replies)).not.to.include('tel:988');
  });

  it('"I have my pills right here" alone is not a crisis', async () => {
    const bot = createTestBot();
    await start(bot);
    const replies = await bot.say('I have the pills right here');
    expect(callTargets(replies)).not.to.include('tel:988');
  });
});

describe('a crisis message in the middle of the assessment', () => {
  for (const words of ["i've decided. tonight after the kids go to sleep", 'ya tengo juntadas las pastillas, hoy en la noche me las tomo', 'no, ya no aguanto']) {
    it(`"${words}" gets the crisis response and is never kept as the answer`, async () => {
      const bot = createTestBot();
      await start(bot);
      await bot.say(content.text.menu.find);
      const replies = await bot.say(words);
      expect(callTargets(replies)).to.include('tel:988');
      const stored = (await bot.storage.read(['test/conversations/conv-1/']))['test/conversations/conv-1/'] as { profile?: Record<string, unknown> } | undefined;
      expect(stored?.profile ?? {}).to.deep.equal({});
    });
  }
});
