import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { fromRoot } from '../../src/paths.js';
import { compileRiskLexicon, loadRiskDetector, RiskLexiconError, type RiskKind } from '../../src/domain/safety/riskTopics.js';
import { loadRiskTexts } from '../../src/domain/safety/riskTexts.js';

const detector = loadRiskDetector();
const kindOf = (text: string): RiskKind | undefined => detector.detect(text)?.kind;

describe('risk topics (src/domain/safety/riskTopics.ts)', () => {
  const cases: Array<[RiskKind, string]> = [
    ['withdrawal_emergency', 'stopped drinking 2 days ago and now I keep seeing spiders on the wall'],
    ['withdrawal_emergency', 'dejé de tomar hace dos días y acabo de convulsionar'],
    ['withdrawal_alcohol_benzo', 'I get the shakes every morning until I drink'],
    ['withdrawal_alcohol_benzo', "I haven't detoxed yet, still using every day"],
    ['withdrawal_alcohol_benzo', 'been on xanax for years, can I just quit on my own?'],
    ['withdrawal_opioid', "I'm in opioid withdrawal and I keep vomiting"],
    ['withdrawal_opioid', 'estoy malilla, sin la heroína me duele todo'],
    ['withdrawal_other', 'coming off meth and I sleep all day and feel so low'],
    ['relapse', 'I used again last night after two months clean'],
    ['relapse', 'volví a tomar después de un año'],
    ['overdose_risk', "I'm scared I'll overdose"],
    ['naloxone_question', 'where can I get narcan'],
    ['naloxone_question', '¿dónde consigo naloxona?'],
    ['medication_dosing', 'how much suboxone should I take'],
    ['medication_dosing', 'can I double my dose'],
    ['diagnosis', 'am I an addict?'],
    ['diagnosis', 'creo que tengo depresión, ¿cómo sé?'],
    ['took_too_much', 'I took my methadone twice this morning'],
    ['mixing', 'is it ok to drink on antabuse'],
    ['mat_question', 'what about suboxone?'],
    ['stopping_medication', 'should I stop my vivitrol shots?'],
    ['stopping_medication', '¿debería dejar la metadona?'],
  ];
  for (const [kind, text] of cases) {
    it(`${kind}: "${text}"`, () => expect(kindOf(text)).to.equal(kind));
  }

  describe('not a risk topic: negation, history, hypotheticals, celebrations, everyday questions', () => {
    const none = [
      "I haven't relapsed, 9 months sober today",
      'I never had withdrawal when I stopped drinking',
      'I relapsed 5 years ago and have been clean ever since',
      'what is relapse prevention?',
      "I'm terrified of relapsing when I'm done",
      'ya cumplí un año sin tomar!!',
      'celebrating 2 years sober this weekend',
      'how much does it cost',
      'how many hours a week is an IOP',
      'stop',
      'I want to stop drinking',
      'I picked up my kids from school',
      'my job is killing me',
      'do you have evening groups?',
      'I take the bus',
    ];
    for (const text of none) it(`"${text}"`, () => expect(kindOf(text)).to.equal(undefined));
  });

  it('a question or a past episode is not an emergency now, but still withdrawal (medical care first)', () => {
    expect(kindOf('can alcohol withdrawal cause seizures?')).to.equal('withdrawal_alcohol_benzo');
    expect(kindOf('I went through withdrawal seizures years ago and I am scared of detoxing again')).to.equal('withdrawal_alcohol_benzo');
    expect(kindOf('yes, I get seizures every time I quit drinking')).to.equal('withdrawal_alcohol_benzo');
    expect(kindOf('my dad just had a seizure, he is detoxing off alcohol at home')).to.equal('withdrawal_emergency');
  });

  it('says which language the message is in, and whether a relapse is into daily use', () => {
    expect(detector.detect('recaí anoche')?.language).to.equal('es');
    expect(detector.detect('I relapsed last night')?.language).to.equal('en');
    expect(detector.detect('been using again for 2 weeks')?.dailyUse).to.equal(true);
    expect(detector.detect('slipped up this weekend')?.dailyUse).to.equal(false);
  });

  it('notices signs of an overdose in the same message (so the crisis reply stands alone)', () => {
    expect(detector.detect('took too many percs and now he is not breathing')?.overdoseSigns).to.equal(true);
    expect(detector.detect('took my dose twice, feel fine')?.overdoseSigns).to.equal(false);
  });

  it('odd input never throws', () => {
    for (const text of ['', '   ', '?', '¿¿??', '<b>x</b>', '🙂'.repeat(500), 'a '.repeat(20_000)]) expect(() => detector.detect(text)).not.to.throw();
  });

  describe('the lexicon file is checked when loaded', () => {
    const good = JSON.parse(readFileSync(fromRoot('data/risk-lexicon.json'), 'utf8')) as Record<string, unknown>;
    const broken = (change: (copy: Record<string, unknown>) => void): Record<string, unknown> => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };
    it('an unknown concept in a rule', () => {
      const bad = broken((c) => (c.kinds as Array<{ all: string[] }>)[0]!.all.push('no_such_concept'));
      expect(() => compileRiskLexicon(bad)).to.throw(RiskLexiconError, /no_such_concept/);
    });
    it('a bad pattern', () => {
      const bad = broken((c) => ((c.concepts as Record<string, { patterns: string[] }>).symptom!.patterns = ['(unclosed']));
      expect(() => compileRiskLexicon(bad)).to.throw(RiskLexiconError, /symptom/);
    });
    it('an unknown macro', () => {
      const bad = broken((c) => ((c.concepts as Record<string, { patterns: string[] }>).symptom!.patterns = ['{NOPE}']));
      expect(() => compileRiskLexicon(bad)).to.throw(RiskLexiconError, /NOPE/);
    });
    it('a kind with no rule', () => {
      const bad = broken((c) => (c.kinds = (c.kinds as Array<{ kind: string }>).filter((k) => k.kind !== 'diagnosis')));
      expect(() => compileRiskLexicon(bad)).to.throw(RiskLexiconError, /diagnosis/);
    });
  });
});

describe('risk answers (data/risk-text.json and its Spanish)', () => {
  const texts = loadRiskTexts(fromRoot('data'));
  const words = (kind: RiskKind, lang: 'en' | 'es'): string => texts[lang].answers[kind].lines.join(' ');

  for (const lang of ['en', 'es'] as const) {
    it(`${lang}: withdrawal answers never name naloxone; the emergency one says 911`, () => {
      for (const kind of ['withdrawal_emergency', 'withdrawal_alcohol_benzo', 'withdrawal_opioid', 'withdrawal_other', 'withdrawal_general'] as const) {
        expect(words(kind, lang), kind).to.not.match(/naloxon|narcan/i);
      }
      expect(words('withdrawal_emergency', lang)).to.include('911');
      // The classifier's answer when no substance is named covers the dangerous case too.
      expect(words('withdrawal_general', lang)).to.include('911').and.match(/alcohol/i).and.match(/opioid/i);
      expect(texts[lang].answers.withdrawal_emergency.numbers[0]).to.equal('emergency');
    });
    it(`${lang}: the relapse answer says tolerance, naloxone, Never Use Alone, and offers a person and a meeting`, () => {
      const relapse = texts[lang].answers.relapse;
      expect(words('relapse', lang)).to.match(/toleran/i).and.match(/naloxon/i).and.include('1-800-484-3731');
      expect(relapse.numbers).to.include.members(['helpline', 'neverUseAlone']);
      expect(relapse.offerMeeting).to.equal(true);
    });
    it(`${lang}: medication answers give no number of milligrams or pills, and name who to ask`, () => {
      for (const kind of ['medication_dosing', 'took_too_much', 'mixing', 'stopping_medication', 'diagnosis', 'mat_question'] as const) {
        expect(words(kind, lang), kind).to.not.match(/\d+\s?(mg|milligram|miligramo|pill|pastilla|tablet)/i);
        expect(words(kind, lang), kind).to.match(/prescri|pharmac|doctor|clinician|farmac|m[eé]dic|receta/i);
      }
      expect(words('took_too_much', lang)).to.include('1-800-222-1222').and.include('911');
      expect(words('mixing', lang)).to.include('1-800-222-1222');
    });
  }
});
