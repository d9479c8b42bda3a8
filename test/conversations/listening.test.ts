import { expect } from 'chai';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import { listeningTexts, type FaqKey } from '../../src/domain/listening/texts.js';
import { content } from '../helpers/testBot.js';
import { ANSWERS, answerOn, helpline, neverAsked, persona } from './conversation.js';

/**
 * The people of issue #16, each as a whole conversation in their own words, through the
 * whole bot (crisis middleware, root dialog, assessment, program suggestions, the real
 * classifier). Each checks what a person meets: what they said is kept and never asked for
 * again, no question of theirs goes unanswered, and the bot never drops them silently (every
 * message gets a reply, and the menu never replaces a question without a word). On failure
 * the whole transcript is printed.
 */

const assessment = loadAssessmentText();
const listening = listeningTexts();
const faqAnswer = (key: FaqKey): string => listening.faq[key].answer.split('{')[0]!.slice(0, 50);

describe('People in their own words (#16): whole conversations', function () {
  this.timeout(20000);

  it('a night-shift mother with no car on Medicaid: said once in the first message, never asked again; "can I keep my job?" answered', async () => {
    await persona(async (c) => {
      const first = await c.say("Hi, I'm a single mom, I work nights and I don't have a car. I have Medicaid.");
      expect(first).to.include('Got it:');
      expect(first).to.match(/nights/);
      const job = await c.say('can I keep my job if I go?');
      expect(job).to.include(faqAnswer('employer'));
      await answerOn(c, { careStage: 'Not started / still using', heavyUse: 'No', location: '43205' });
      const p = await c.profile();
      expect(p).to.include({ workShift: 'night', transport: 'none', payment: 'medicaid' });
      expect(p.responsibilities).to.include('caregiving');
      neverAsked(c, ['workShift', 'transport', 'payment']);
    });
  });

  it('a young adult leaving residential: care stage, place and evenings from the first sentence; the first day answered', async () => {
    await persona(async (c) => {
      const first = await c.say("I'm getting out of rehab on Friday, I'm in Tucson, I'd need evening groups");
      expect(first).to.include("Got it: you're leaving residential rehab");
      expect(first).to.include('Tucson, AZ');
      // Straight into the questions that are left, not "use my earlier answers?".
      expect(first).to.not.include(assessment.questions.resume.text);
      const day = await c.say('what happens on the first day?');
      expect(day).to.include(faqAnswer('firstDay'));
      await answerOn(c, { ageGroup: "I'm 22" });
      const p = await c.profile();
      expect(p.careStage).to.equal('leaving_residential');
      expect(p.location?.city).to.equal('Tucson');
      expect(p.availability).to.include('evenings');
      neverAsked(c, ['careStage', 'location', 'availability', 'heavyUse']);
    });
  });

  it('a skeptic: each of six questions gets its own answer and a next step', async () => {
    await persona(async (c) => {
      expect(await c.say('is it confidential?')).to.include('42 CFR Part 2');
      expect(await c.say('will my employer find out?')).to.include(faqAnswer('employer'));
      const steps = await c.say('do I have to do 12 steps?');
      expect(steps).to.include('SMART Recovery');
      expect(await c.say('do you have holistic options?')).to.include(content.topic('complementary').title);
      expect(await c.say('is anyone there at 3am?')).to.include(helpline);
      expect(await c.say('how long does IOP last?')).to.include(faqAnswer('duration'));
      // Nothing asked of them, and the menu kept coming back with a word, never a misunderstanding.
      for (const t of c.turns) expect(t.replies.join(' ')).to.not.include(content.text.fallback.first);
    });
  });

  it('a parent of a teen: recognized, 911/988 and what families can do, the age kept, the questions about the son', async () => {
    await persona(async (c) => {
      const first = await c.say('is there a program for my son? he is 16 and he has been vaping weed every day');
      expect(first).to.include(faqAnswer('family'));
      expect(first).to.include("you're looking for help for your son");
      expect(first).to.include('911');
      expect(first).to.include('988');
      const p = await c.profile();
      expect(p).to.include({ forWhom: 'child', age: 16, ageGroup: 'adolescent' });
      await c.say('Find a program');
      // About him, not about "you": the search's first words too.
      expect(c.turns.at(-1)!.replies.join(' ')).to.include(listening.aboutThem.careStage);
      expect(c.turns.at(-1)!.replies.join(' ')).to.include(listening.someoneElse.searchIntro);
      expect(c.turns.at(-1)!.replies.join(' ')).not.to.include("Let's find what could fit you");
      await answerOn(c, { careStage: 'Not started / still using' });
      neverAsked(c, ['ageGroup']);
    });
  });

  it('a parent who does not say the age is asked it, and the answer is kept and leads on to the search', async () => {
    await persona(async (c) => {
      const first = await c.say('is there a program for my son?');
      expect(first).to.include(listening.someoneElse.askAge);
      const age = await c.say("he's 15");
      expect(age).to.include(listening.heard.age.replace('{who}', listening.heard.who.child.man).replace('{age}', '15'));
      expect(age).to.include(listening.aboutThem.careStage);
      expect(await c.profile()).to.include({ forWhom: 'child', age: 15, ageGroup: 'adolescent' });
      expect(age).to.not.include("you're under 18");
      await answerOn(c, { careStage: 'Not started / still using', location: '97201' });
      // Asked once, by the listener; never again by the questions.
      expect(c.asked().filter((id) => id === 'ageGroup')).to.have.length(1);
    });
  });

  it("a parent's message about a child in crisis gets 911 (an overdose) or 988 (suicide) first, at the start and in the middle of the questions", async () => {
    const CASES: Array<[string, string]> = [
      ["my son overdosed and he's not waking up", '911'],
      ['my 16 year old said he wants to kill himself', '988'],
    ];
    for (const [words, number] of CASES) {
      await persona(async (c) => {
        expect(await c.say(words), words).to.include(number);
      });
      await persona(async (c) => {
        await c.say('is there a program for my daughter?');
        await c.say('Find a program');
        expect(await c.say(words), words).to.include(number);
      });
    }
  });

  it('a veteran: the VA and the Veterans Crisis Line, and military coverage not asked for again', async () => {
    await persona(async (c) => {
      const va = await c.say("I'm a veteran, should I go through the VA?");
      expect(va).to.include('988 then press 1');
      expect(va).to.include('838255');
      await c.say('Find a program');
      await answerOn(c, { careStage: 'Finished detox', location: '97201' });
      expect((await c.profile()).payment).to.equal('military');
      neverAsked(c, ['payment']);
    });
  });

  it('someone who relapsed: answered, never dropped, and their correction kept', async () => {
    await persona(async (c) => {
      const first = await c.say('I relapsed last weekend after 6 months sober');
      expect(first.length).to.be.greaterThan(0);
      await c.say('Find a program');
      await answerOn(c, { careStage: 'Not started / still using', heavyUse: 'No', location: 'Dayton, OH' });
      const fix = await c.say('actually I moved to 85716');
      expect(fix).to.include('85716');
      expect((await c.profile()).location?.zip).to.equal('85716');
    });
  });

  it('natural answers stay in the question: "I\'m ready, I don\'t want to go back to drinking" at readiness, "not really, my brother smokes too" at home', async () => {
    await persona(async (c) => {
      await c.say('Find a program');
      await answerOn(c, {}, 0);
      for (let i = 0; i < 25 && c.current() !== undefined; i++) {
        const id = c.current()!;
        if (id === 'readiness') await c.say("I'm ready, I don't want to go back to drinking");
        else if (id === 'homeSafe') await c.say('not really, my brother smokes too');
        else await c.say(ANSWERS[id] ?? 'skip');
      }
      const p = await c.profile();
      if (c.asked().includes('readiness')) expect(p.readiness).to.equal('preparation');
      if (c.asked().includes('homeSafe')) expect(p.homeSafe).to.equal('no');
      for (const t of c.turns) expect(t.replies.join(' ')).to.not.include(content.text.menu.prompt);
    });
  });

  it('a correction after the results: "I\'m not in school, my kids are" takes school out and the programs are looked up again', async () => {
    await persona(async (c) => {
      // Told at the start, the situation starts the program search by itself.
      await c.say("I'm in school and I work part time, I live in 85716");
      await answerOn(c, { careStage: 'Finished detox' });
      expect(c.turns.at(-1)!.replies.join(' ')).to.include(content.messages.suggestions.intro);
      const fix = await c.say("I'm not in school, my kids are");
      expect(fix).to.include("I've taken out school");
      expect(fix).to.include('you care for children or family');
      // The programs again, looked up with the change (by the results' own refining, or the listener's).
      expect(fix).to.match(/\d{3}-555-\d{4}/);
      const p = await c.profile();
      expect(p.responsibilities).to.not.include('school');
      expect(p.responsibilities).to.include('caregiving');
    });
  });
});
