import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectCrisis, loadCrisisLexicon, setCrisisModel } from '../../src/domain/safety/crisisDetector.js';
import type { CrisisKind } from '../../src/domain/safety/crisisKind.js';
import { CrisisLexiconError, DEFAULT_LEXICON_URL, compileCrisisLexicon } from '../../src/domain/safety/crisisLexicon.js';

/** Kinds found for a message, or [] when nothing fires. */
const kindsOf = (text: string): CrisisKind[] => detectCrisis(text)?.kinds ?? [];

function expectKind(kind: CrisisKind, messages: readonly string[]): void {
  for (const message of messages) {
    it(`"${message}" -> ${kind}`, () => {
      expect(kindsOf(message), message).to.include(kind);
    });
  }
}

function expectNothing(messages: readonly string[]): void {
  for (const message of messages) {
    it(`"${message}" -> no crisis`, () => {
      const signal = detectCrisis(message);
      expect(signal, `${message} fired ${signal?.ruleIds.join(', ')}`).to.equal(null);
    });
  }
}

describe('crisis detector', () => {
  describe('suicide and self-harm', () => {
    describe('direct', () => {
      expectKind('suicide_self_harm', [
        'i want to die',
        'I want to kill myself',
        'i am suicidal',
        "i'm going to end it all tonight",
        'i cut myself again last night',
        'took all my pills to end it',
        "I don't want to be here anymore",
        'i have no reason to live',
      ]);
    });
    describe('coded and indirect', () => {
      expectKind('suicide_self_harm', [
        'kms',
        'honestly might just unalive myself',
        'i want to go to sleep forever and not wake up',
        'everyone would be better off without me',
        'nobody would even notice if i was gone',
        'i wrote my goodbye letter',
        'i hope i dont wake up tomorrow',
        'thinking about jumping off the bridge',
      ]);
    });
    describe('typos, leetspeak, no punctuation', () => {
      expectKind('suicide_self_harm', [
        'i wanna kil myself',
        'thinking about su1cide',
        'im so sucidal rn',
        'i wanna diiiie',
        'I WANT TO KILL MYSLEF',
        'i dont want to live anymore nobody cares',
        'k1ll myself',
      ]);
    });
    it('marks someone else at risk of suicide as aboutOther only for medical', () => {
      const signal = detectCrisis('my son keeps saying he wants to kill himself');
      expect(signal?.kinds).to.deep.equal(['suicide_self_harm']);
      expect(signal?.aboutOther).to.equal(undefined);
    });
  });

  describe('medical emergencies', () => {
    describe('overdose, self', () => {
      expectKind('medical_emergency', [
        'i think i overdosed',
        'i overdosed an hour ago',
        'took too many xanax and my heart is racing',
        'i think im od-ing',
        'I took a whole bottle of tylenol',
      ]);
    });
    describe('about someone else', () => {
      expectKind('medical_emergency', [
        "my friend took too much and isn't breathing",
        "he's having a seizure",
        "she won't wake up",
        'his lips are turning blue',
        'my roommate is passed out on the floor and wont respond',
        'should i give him narcan',
      ]);
      it('sets aboutOther when the emergency is someone else', () => {
        expect(detectCrisis("my boyfriend isn't breathing right")?.aboutOther).to.equal(true);
      });
      it('leaves aboutOther false when it is the person writing', () => {
        const signal = detectCrisis('i think i overdosed');
        expect(signal?.kind).to.equal('medical_emergency');
        expect(signal?.aboutOther).to.equal(false);
      });
    });
    describe('dangerous withdrawal', () => {
      expectKind('medical_emergency', [
        "i'm detoxing and seeing things that aren't there",
        "my hands are shaking and i'm seeing things",
        "i'm having a seizure",
        'day 3 no alcohol and my chest hurts bad',
        'i think i have the DTs',
        'quit xanax cold turkey and now im so confused i dont know where i am',
      ]);
    });
  });

  describe('harm to others', () => {
    expectKind('harm_to_others', [
      "i'm going to hurt him",
      'i want to kill my dealer',
      'gonna shoot someone',
      'im scared i might hurt my kids',
      'been having thoughts about stabbing my stepdad',
    ]);
  });

  describe('not a crisis', () => {
    describe('hyperbole and idiom', () => {
      expectNothing([
        'my job is killing me',
        "I'm dying to know",
        "I'd kill for an evening group",
        'I want to kill my cravings',
        'this traffic is murder',
        'dead tired after work',
        'killing it at work lately',
        'my mom is going to kill me when she finds out i relapsed',
        'that meeting was so boring i almost died',
      ]);
    });
    describe('recovery history and grief', () => {
      expectNothing([
        "I overdosed two years ago and that's why I'm here",
        'my brother died of an overdose last year',
        'i tried to kill myself years ago but im doing much better',
        'i used to cut myself as a teenager',
        'i had a seizure when i detoxed back in 2019',
      ]);
    });
    describe('questions about the topic', () => {
      expectNothing([
        'do you help people who have overdosed?',
        'what are the signs of an overdose',
        'is detox dangerous, can you have seizures?',
        'do your programs treat people with suicidal thoughts',
        'can withdrawal cause hallucinations',
      ]);
    });
    describe('negation', () => {
      expectNothing([
        "I'm not suicidal, just stressed",
        'i would never hurt myself',
        'no thoughts of suicide',
        "I don't want to die, I want to get better",
        'suicide is not something i think about',
      ]);
    });
  });

  describe('edge wording', () => {
    it('"no one" negates only when it is the subject', () => {
      expect(detectCrisis('no one in my family has overdosed, im the first to get help')).to.equal(null);
      expect(kindsOf('no one understands i want to die')).to.include('suicide_self_harm');
    });
    it('treats asking for a suicide line as a suicide signal, since the response carries 988', () => {
      expect(kindsOf('what is the suicide hotline number')).to.include('suicide_self_harm');
    });
    it('reads a few Spanish phrases', () => {
      expect(kindsOf('me quiero morir')).to.include('suicide_self_harm');
      expect(kindsOf('mi amigo no respira')).to.include('medical_emergency');
    });
    it('does not fire on ordinary medication talk or tiredness', () => {
      expect(detectCrisis('I took all my meds this morning like my doctor said')).to.equal(null);
      expect(detectCrisis('i could sleep forever after that shift')).to.equal(null);
    });
    it('fires on intent to take pills before they are taken, as suicide rather than medical', () => {
      expect(detectCrisis('thinking about taking all my pills at once')?.kinds).to.deep.equal(['suicide_self_harm']);
    });
  });

  describe('clause scope', () => {
    it('a negation in one clause does not cancel a crisis in the next', () => {
      expect(kindsOf("I'm not suicidal but i took a bottle of pills")).to.include('medical_emergency');
      expect(kindsOf("i'm fine, i'm not overdosing, but my friend is not breathing")).to.include('medical_emergency');
    });
    it('recent time markers override history', () => {
      expect(kindsOf('i overdosed years ago and i think i overdosed again tonight')).to.include('medical_emergency');
    });
  });

  describe('urgency', () => {
    it('picks medical over suicide and reports every kind, most urgent first', () => {
      const signal = detectCrisis('i want to die and i took all my pills and i want to hurt him too');
      expect(signal?.kind).to.equal('medical_emergency');
      expect(signal?.kinds).to.deep.equal(['medical_emergency', 'suicide_self_harm', 'harm_to_others']);
    });
    it('picks suicide over harm to others', () => {
      const signal = detectCrisis('i want to kill him and then kill myself');
      expect(signal?.kind).to.equal('suicide_self_harm');
      expect(signal?.kinds).to.deep.equal(['suicide_self_harm', 'harm_to_others']);
    });
    it('never returns the text itself, only rule ids', () => {
      const signal = detectCrisis('i want to die');
      expect(JSON.stringify(signal)).not.to.contain('want to die');
      expect(signal?.ruleIds.length).to.be.greaterThan(0);
    });
  });

  describe('odd input', () => {
    it('returns null for empty, whitespace and emoji-only text', () => {
      expect(detectCrisis('')).to.equal(null);
      expect(detectCrisis('   \n\t ')).to.equal(null);
      expect(detectCrisis('😀🙏🏽💪')).to.equal(null);
    });
    it('does not throw on non-string input from untyped callers', () => {
      expect(detectCrisis(undefined as unknown as string)).to.equal(null);
      expect(detectCrisis(42 as unknown as string)).to.equal(null);
    });
    it('still reads words between emoji', () => {
      expect(kindsOf('😭😭 i want to die 😭')).to.include('suicide_self_harm');
    });
    it('handles 50 KB of text and finds a crisis at its very end', () => {
      const filler = 'I have been thinking about which evening group would fit my schedule. '.repeat(720);
      expect(filler.length).to.be.greaterThan(50_000);
      expect(detectCrisis(filler)).to.equal(null);
      expect(kindsOf(`${filler} honestly i just want to die`)).to.include('suicide_self_harm');
      expect(detectCrisis('a'.repeat(60_000))).to.equal(null);
      expect(detectCrisis('kill '.repeat(12_000))).to.equal(null);
    });
    it('reads HTML as text and ignores the markup', () => {
      expect(kindsOf('<p>i <b>want</b> to <i>die</i></p>')).to.include('suicide_self_harm');
      expect(kindsOf('my friend isn&#39;t breathing &amp; his lips are blue')).to.include('medical_emergency');
      expect(detectCrisis('<script>kill()</script><div class="overdose-info">What is an IOP?</div>')).to.equal(null);
    });
    it('handles curly apostrophes, accents and zero-width characters', () => {
      expect(kindsOf('I don’t want to be here anymore')).to.include('suicide_self_harm');
      expect(kindsOf('i want to k\u200bill myself')).to.include('suicide_self_harm');
      expect(kindsOf('suïcidal')).to.include('suicide_self_harm');
    });
  });

  describe('lexicon loading', () => {
    let dir: string;
    const valid = (): Record<string, unknown> => JSON.parse(readFileSync(DEFAULT_LEXICON_URL, 'utf8')) as Record<string, unknown>;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'crisis-lexicon-'));
    });
    afterEach(() => {
      loadCrisisLexicon();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads the shipped lexicon', () => {
      const lexicon = loadCrisisLexicon();
      expect(lexicon.rules.length).to.be.greaterThan(20);
    });
    it('reports a broken regular expression with the rule id', () => {
      const data = valid();
      (data.rules as Array<Record<string, unknown>>)[0]!.pattern = '(unclosed';
      expect(() => compileCrisisLexicon(data)).to.throw(CrisisLexiconError, /rule sui\.kill_self\.intent: invalid regular expression/);
    });
    it('reports unknown macros, unknown kinds and missing groups', () => {
      const data = valid();
      const rules = data.rules as Array<Record<string, unknown>>;
      rules[0]!.pattern = '{NOPE} myself';
      expect(() => compileCrisisLexicon(data)).to.throw(CrisisLexiconError, /unknown macro \{NOPE\}/);
      const badKind = valid();
      (badKind.rules as Array<Record<string, unknown>>)[0]!.kind = 'sad';
      expect(() => compileCrisisLexicon(badKind)).to.throw(CrisisLexiconError, /rules\.0\.kind/);
      const badGroup = valid();
      (badGroup.combinations as Array<Record<string, unknown>>)[0]!.groups = ['withdrawal_context', 'no_such_group'];
      expect(() => compileCrisisLexicon(badGroup)).to.throw(CrisisLexiconError, /no rule is in group "no_such_group"/);
    });
    it('rejects patterns that match empty text', () => {
      const data = valid();
      (data.rules as Array<Record<string, unknown>>)[0]!.pattern = '(?:x)?';
      expect(() => compileCrisisLexicon(data)).to.throw(CrisisLexiconError, /matches empty text/);
    });
    it('keeps the previous lexicon when a new file is invalid', () => {
      const path = join(dir, 'bad.json');
      writeFileSync(path, '{ not json');
      expect(() => loadCrisisLexicon(path)).to.throw(CrisisLexiconError, /not valid JSON/);
      expect(kindsOf('i want to die')).to.include('suicide_self_harm');
    });
    it('uses a custom lexicon when one is loaded', () => {
      const data = valid();
      data.rules = [{ id: 'test.only', kind: 'harm_to_others', pattern: '\\bpineapple\\b' }];
      data.combinations = [];
      const path = join(dir, 'custom.json');
      writeFileSync(path, JSON.stringify(data));
      loadCrisisLexicon(path);
      expect(detectCrisis('pineapple')?.kind).to.equal('harm_to_others');
      // The lexicon's rules alone: the classifier beside them is not part of a lexicon.
      const model = setCrisisModel(null);
      try {
        expect(detectCrisis('i want to die')).to.equal(null);
      } finally {
        setCrisisModel(model ?? null);
      }
    });
    it('reports a missing file clearly', () => {
      expect(() => loadCrisisLexicon(join(dir, 'missing.json'))).to.throw(CrisisLexiconError, /Cannot read crisis lexicon/);
    });
  });
});
