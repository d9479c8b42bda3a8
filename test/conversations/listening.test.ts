import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import type { QuestionId } from '../../src/domain/assessment/questionIds.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import { listeningTexts, type FaqKey } from '../../src/domain/listening/texts.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { content, createTestBot, textOf } from '../helpers/testBot.js';

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
const helpline = content.text.helpline.display;
const faqAnswer = (key: FaqKey): string => listening.faq[key].answer.split('{')[0]!.slice(0, 50);

/** Which question a message asks: the assessment's words about the person, or about someone else. */
function questionIn(text: string): QuestionId | undefined {
  for (const [id, q] of Object.entries(assessment.questions) as Array<[QuestionId, { text: string }]>) {
    if (text.includes(q.text)) return id;
  }
  for (const [id, words] of Object.entries(listening.aboutThem) as Array<[QuestionId, string]>) {
    if (text.includes(words)) return id;
  }
  return undefined;
}

let catalog: Catalog;
before(async () => {
  catalog = await loadCatalog(fromRoot('data/programs.json'));
});

interface Turn {
  said: string;
  replies: string[];
}

class Conversation {
  readonly turns: Turn[] = [];
  private readonly bot;
  private peeked: Profile = {};

  constructor() {
    const suggester = new ProgramSuggester({ programs: () => catalog.programs, catalog: () => catalog }, { maxDistanceMiles: 25, helplineNumber: helpline });
    this.bot = createTestBot({
      channelId: 'webchat',
      extraDialogs: ({ content: c, accessors }) => [new AssessmentDialog({ accessors, content: c }), new SuggestionsDialog(c, accessors, suggester)],
      aroundTurn: async (context, accessors, run) => {
        if (context.activity.type === 'event' && context.activity.name === 'peekProfile') {
          this.peeked = await accessors.getProfile(context);
          return;
        }
        await run();
      },
    });
  }

  async say(text: string): Promise<string> {
    const replies: Partial<Activity>[] = await this.bot.say(text);
    const turn = { said: text, replies: replies.filter((r) => r.type === 'message').map(textOf) };
    this.turns.push(turn);
    return turn.replies.join('\n');
  }

  async profile(): Promise<Profile> {
    await this.bot.adapter.receiveActivity({ type: 'event', name: 'peekProfile' });
    return this.peeked;
  }

  /** The questions asked, in order (one per turn at most: the last question shown). */
  asked(): QuestionId[] {
    return this.turns.map((t) => t.replies.map(questionIn).filter((id) => id !== undefined).at(-1)).filter((id): id is QuestionId => id !== undefined);
  }

  /** The question on screen after the last turn. */
  current(): QuestionId | undefined {
    const last = this.turns.at(-1);
    return last?.replies.map(questionIn).filter((id) => id !== undefined).at(-1);
  }

  transcript(): string {
    return this.turns.map((t) => `> ${t.said}\n${t.replies.map((r) => `    ${r.replace(/\s+/g, ' ').slice(0, 240)}`).join('\n')}`).join('\n');
  }
}

/** A plain answer to each question, for going on through the assessment. */
const ANSWERS: Partial<Record<QuestionId, string>> = {
  careStage: 'Finished detox',
  heavyUse: 'No',
  symptomsWhenStopping: 'No',
  pastSeizuresOrDts: 'No',
  readiness: "I'm ready",
  responsibilities: 'None of these',
  workShift: 'Days',
  transport: 'I have a car',
  homeSafe: 'Yes',
  availability: 'Evenings',
  format: 'Either',
  payment: 'Not sure',
  language: 'English',
  location: '85716',
  ageGroup: '26 to 64',
  interests: 'None of these',
  coOccurring: 'No',
};

/** Answers whatever is asked until no question is on screen (or a limit), with the persona's own words where given. */
async function answerOn(c: Conversation, own: Partial<Record<QuestionId, string>> = {}, limit = 25): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const id = c.current();
    if (id === undefined) return;
    const words = own[id] ?? ANSWERS[id];
    if (words === undefined) return;
    await c.say(words);
  }
}

/** Runs a persona; on failure, the transcript is in the error. */
async function persona(run: (c: Conversation) => Promise<void>): Promise<void> {
  const c = new Conversation();
  try {
    await run(c);
    // Never silent: every message got a reply.
    for (const t of c.turns) expect(t.replies.length, `no reply to "${t.said}"`).to.be.greaterThan(0);
    // Never the same question twice.
    const asked = c.asked();
    const twice = asked.filter((id, i) => asked.indexOf(id) !== i && asked[i - 1] !== id);
    expect(twice, 'a question asked again later').to.deep.equal([]);
  } catch (error) {
    (error as Error).message += `\n\nTranscript:\n${c.transcript()}`;
    throw error;
  }
}

const neverAsked = (c: Conversation, ids: QuestionId[]): void => {
  const asked = c.asked();
  for (const id of ids) expect(asked, `"${id}" was asked although it was said`).to.not.include(id);
};

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
      expect(first).to.include("you're looking for help for your child");
      expect(first).to.include('911');
      expect(first).to.include('988');
      const p = await c.profile();
      expect(p).to.include({ forWhom: 'child', age: 16, ageGroup: 'adolescent' });
      await c.say('Find a program');
      // About him, not about "you".
      expect(c.turns.at(-1)!.replies.join(' ')).to.include(listening.aboutThem.careStage);
      await answerOn(c, { careStage: 'Not started / still using' });
      neverAsked(c, ['ageGroup']);
    });
  });

  it('a parent who does not say the age is asked it, and the answer is kept and leads on to the search', async () => {
    await persona(async (c) => {
      const first = await c.say('is there a program for my son?');
      expect(first).to.include(listening.someoneElse.askAge);
      const age = await c.say("he's 15");
      expect(age).to.include(listening.heard.age.replace('{age}', '15'));
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
