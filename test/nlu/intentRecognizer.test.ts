import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntentName } from '../../src/domain/nlu/intentNames.js';
import { INTENT_THRESHOLD, IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { TrainingDataError, loadTrainingData } from '../../src/domain/nlu/trainingData.js';

// None of the messages below is a training utterance: each checks generalisation, not recall.
describe('IntentRecognizer', () => {
  const recognizer = IntentRecognizer.default();
  const intentOf = (text: string): IntentName => recognizer.recognize(text).intent;

  it('default() is a cached singleton', () => {
    expect(IntentRecognizer.default()).to.equal(recognizer);
  });

  describe('typos', () => {
    const cases: [string, IntentName][] = [
      ['grup therapy', 'topic_group_therapy'],
      ['insurence', 'cost_insurance'],
      ['does my insurnce cover it', 'cost_insurance'],
      ['indivdual counselling', 'topic_individual_counseling'],
      ['sobr living', 'topic_aftercare'],
      ['neuro feedback', 'topic_complementary'],
      ['thankyou', 'thanks'],
    ];
    for (const [text, intent] of cases) {
      it(`"${text}" -> ${intent}`, () => expect(intentOf(text)).to.equal(intent));
    }
  });

  describe('slang and texting shorthand', () => {
    const cases: [string, IntentName][] = [
      ['wanna talk 2 somebody real', 'talk_to_person'],
      ['hmu later pls can someone call me back tmrw', 'request_callback'],
      ['how much $$ is this gonna be', 'cost_insurance'],
      ['yo wassup', 'greeting'],
      ['u got any iops near me', 'find_program'],
      ['ty ty', 'thanks'],
      ['nah nvm', 'cancel'],
    ];
    for (const [text, intent] of cases) {
      it(`"${text}" -> ${intent}`, () => expect(intentOf(text)).to.equal(intent));
    }
  });

  describe('long rambling messages', () => {
    it('finds the request at the end of a long story', () => {
      const text =
        'so my brother has been drinking a lot again since he lost his job and honestly im at my wits end, ' +
        'our mom is worried sick too, is there somewhere he could go like an outpatient program near us';
      expect(intentOf(text)).to.equal('find_program');
    });

    it('recognizes a work question wrapped in background', () => {
      const text =
        'ok so i got out of detox like 2 weeks ago and my boss is kinda strict, i work 7 to 3 monday to friday, ' +
        'would i be able to keep my job if i did one of these programs';
      // Keeping a job is its own question since #16 (FMLA, ADA, evening groups).
      expect(intentOf(text)).to.equal('faq_employer');
    });

    it('reads a question typed at the end of a pasted wall of text', () => {
      const text = `${'blah '.repeat(2000)} can someone call me back later`;
      expect(intentOf(text)).to.equal('request_callback');
    });
  });

  describe('off-topic and odd input gives a confident unknown', () => {
    const offTopic = ["what's the weather", 'asdfgh', 'i like pizza', '😀', '🙏🙏🙏', '', '   ', '!!!', 'how do i renew my passport'];
    for (const text of offTopic) {
      it(`${JSON.stringify(text)} -> unknown`, () => {
        const result = recognizer.recognize(text);
        expect(result.intent).to.equal('unknown');
        expect(result.score).to.be.within(0, 1);
      });
    }

    it('treats a bare question mark as a request for help', () => {
      expect(intentOf('?')).to.equal('help');
    });

    it('does not crash on 50 KB of text, control characters or non-strings', () => {
      const huge = 'x'.repeat(25_000) + ' \u0000\u001b[31m '.repeat(10) + '€'.repeat(25_000);
      expect(recognizer.recognize(huge).intent).to.equal('unknown');
      expect(recognizer.recognize('constructor __proto__ toString hasOwnProperty').intent).to.equal('unknown');
      expect(recognizer.recognize(null as unknown as string).intent).to.equal('unknown');
    });
  });

  describe('scores', () => {
    const samples = ['group therapy', 'hi', 'asdf', 'can someone call me', 'what is the weather', 'help me find a program'];

    it('are in [0, 1] and a known intent never scores below the threshold', () => {
      for (const text of samples) {
        const { intent, score } = recognizer.recognize(text);
        expect(score, text).to.be.within(0, 1);
        if (intent !== 'unknown') expect(score, text).to.be.at.least(INTENT_THRESHOLD);
      }
    });

    it('are deterministic', () => {
      for (const text of samples) expect(recognizer.recognize(text)).to.deep.equal(recognizer.recognize(text));
    });
  });

  describe('training data', () => {
    it(`has at least 25 examples for every intent, unknown included`, () => {
      const data = loadTrainingData();
      for (const intent of IntentName.options) expect(data[intent], intent).to.have.length.of.at.least(25);
    });

    it('recognizes every menu-button text it was trained on', () => {
      expect(intentOf('Learn about IOP')).to.equal('learn_iop');
      expect(intentOf('Main menu')).to.equal('start_over');
    });
  });

  describe('fromFile', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'intents-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('rejects a file that misses an intent, naming it', () => {
      const path = join(dir, 'intents.json');
      const data: Record<string, string[]> = { ...loadTrainingData() };
      delete data.forget_me;
      writeFileSync(path, JSON.stringify(data));
      expect(() => IntentRecognizer.fromFile(path)).to.throw(TrainingDataError, /forget_me/);
    });

    it('rejects a missing or malformed file with a clear error', () => {
      expect(() => IntentRecognizer.fromFile(join(dir, 'nope.json'))).to.throw(TrainingDataError, /Cannot read/);
      const path = join(dir, 'bad.json');
      writeFileSync(path, '{ not json');
      expect(() => IntentRecognizer.fromFile(path)).to.throw(TrainingDataError, /Cannot read/);
    });

    it('learns from the file it is given', () => {
      const data = loadTrainingData();
      // Swap two intents' examples: a recognizer that ignored the file would still say "thanks".
      const swapped = { ...data, thanks: data.goodbye, goodbye: data.thanks };
      const path = join(dir, 'swapped.json');
      writeFileSync(path, JSON.stringify(swapped));
      expect(IntentRecognizer.fromFile(path).recognize('thank you so much').intent).to.equal('goodbye');
    });
  });
});
