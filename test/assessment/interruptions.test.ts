import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import {
  buttonsOf,
  content,
  crisis,
  createBotHarness,
  lastMessage,
  m,
  questionShown,
  shownText,
  TAPS,
  texts,
  walkTo,
  type BotHarness,
  type PromptTarget,
} from './harness.js';

/** Every prompt the assessment can show. */
const PROMPTS: readonly PromptTarget[] = [
  'resume',
  'careStage',
  'heavyUse',
  'symptomsWhenStopping',
  'pastSeizuresOrDts',
  'readiness',
  'responsibilities',
  'picking',
  'workShift',
  'transport',
  'homeSafe',
  'availability',
  'format',
  'payment',
  'language',
  'location',
  'ageGroup',
  'interests',
  'coOccurring',
  'detoxOffer',
];

/** An answer to each prompt that moves the assessment on. */
function answerTo(target: PromptTarget): string {
  if (target === 'resume') return 'Use my answers';
  if (target === 'detoxOffer') return m.detoxFind;
  if (target === 'picking') return m.doneLabel;
  return TAPS[target];
}

interface Interruption {
  name: string;
  /** Sends the interruption (and any follow-up taps) and returns the last turn. */
  run(h: BotHarness): Promise<Partial<Activity>[]>;
  /** What must have been said along the way. */
  check(turns: Partial<Activity>[][]): void;
}

const groupTherapy = content.topic('group_therapy');
const followUp = crisis.followUp;

const INTERRUPTIONS: readonly Interruption[] = [
  {
    name: 'a typed question ("what is group therapy?")',
    async run(h) {
      const topic = await h.say('what is group therapy?');
      turnsSeen.push(topic);
      return h.say(content.text.learn.resume);
    },
    check([topic]) {
      expect(shownText(lastMessage(topic ?? []))).to.equal(`${groupTherapy.title}\n\n${groupTherapy.summary}`);
      expect(buttonsOf(lastMessage(topic ?? []))).to.include(content.text.learn.resume);
    },
  },
  {
    name: '"help"',
    async run(h) {
      const turn = await h.say('help');
      turnsSeen.push(turn);
      return turn;
    },
    check([turn]) {
      expect(texts(turn ?? []).slice(0, content.text.help.length)).to.deep.equal(content.text.help);
    },
  },
  {
    name: '"talk to someone"',
    async run(h) {
      const turn = await h.say('talk to someone');
      turnsSeen.push(turn);
      return turn;
    },
    check([turn]) {
      const card = (turn ?? []).flatMap((a) => a.attachments ?? []).map((a) => a.content as { buttons?: Array<{ value?: string }> });
      expect(card.some((c) => (c.buttons ?? []).some((b) => b.value === content.text.helpline.tel))).to.equal(true);
    },
  },
  {
    name: 'a crisis message ("i want to kill myself")',
    async run(h) {
      const crisisTurn = await h.say('i want to kill myself');
      turnsSeen.push(crisisTurn);
      const safe = await h.say(followUp.safe);
      turnsSeen.push(safe);
      return h.say(followUp.continue);
    },
    check([crisisTurn, safe]) {
      expect(texts(crisisTurn ?? [])[0]).to.include(crisis.suicide_self_harm.lead);
      expect(shownText(lastMessage(crisisTurn ?? []))).to.equal(followUp.askSafe);
      expect(buttonsOf(lastMessage(safe ?? []))).to.include(followUp.continue);
    },
  },
];

let turnsSeen: Partial<Activity>[][] = [];

describe('assessment: interruptions from every prompt return to the same question', () => {
  for (const target of PROMPTS) {
    describe(`at "${target}"`, () => {
      for (const interruption of INTERRUPTIONS) {
        it(interruption.name, async () => {
          const h = createBotHarness();
          const before = lastMessage(await walkTo(h, target));
          expect(questionShown(before)).to.equal(target);
          turnsSeen = [];
          const back = await interruption.run(h);
          interruption.check(turnsSeen);

          // The same question, with the same buttons (after a crisis, "Get help now" is added).
          const again = lastMessage(back);
          expect(shownText(again)).to.equal(shownText(before));
          expect(buttonsOf(again).slice(0, buttonsOf(before).length)).to.deep.equal(buttonsOf(before));

          // And the assessment carries on from there.
          const next = await h.say(answerTo(target));
          const shown = questionShown(lastMessage(next));
          expect(shown === target && target !== 'picking').to.equal(false);
          expect(texts(next).join(' ')).to.not.include(content.text.fallback.first);
        });
      }
    });
  }
});
