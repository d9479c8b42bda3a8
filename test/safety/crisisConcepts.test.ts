import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { compileCrisisConcepts, readCrisisConcepts } from '../../src/domain/safety/crisisConcepts.js';
import { readCrisis } from '../../src/domain/safety/crisisDetector.js';
import { CrisisKindSchema, readCrisisLexicon } from '../../src/domain/safety/crisisLexicon.js';
import { scoreCrisis } from '../eval/crisisScoring.js';

/**
 * The concept layer (data/crisis-concepts.json): examples of every kind of crisis language
 * it is meant to hold (hopelessness, burden, farewells, means, timing, a decision, giving
 * things away, a past attempt with intent now, self-harm, slang, typos) and hard negatives,
 * in English and Spanish. Written by the session that wrote the concepts, so a regression
 * check: it must pass whole. First-contact figures come only from blind sets.
 */

const Lang = z.enum(['en', 'es']);
const Examples = z
  .object({
    version: z.literal(1),
    description: z.string(),
    crisis: z.array(z.object({ text: z.string().min(1), kind: CrisisKindSchema, lang: Lang }).strict()),
    nonCrisis: z.array(z.object({ text: z.string().min(1), category: z.string().min(1), lang: Lang }).strict()),
  })
  .strict();
const examples = Examples.parse(JSON.parse(readFileSync(new URL('../eval/crisis-concepts-examples.json', import.meta.url), 'utf8')));

describe('crisis concepts', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`${lang}: every example of a concept is caught, and no hard negative fires`, () => {
      const score = scoreCrisis(`concept examples (${lang})`, examples.crisis.filter((c) => c.lang === lang), examples.nonCrisis.filter((c) => c.lang === lang));
      expect(score.crisisTotal).to.be.greaterThan(10);
      expect(score.misses, score.report).to.deep.equal([]);
      expect(score.falseAlarms, score.report).to.deep.equal([]);
    });
  }

  it('has hard negatives of every kind in both languages', () => {
    for (const lang of ['en', 'es'] as const) {
      const categories = new Set(examples.nonCrisis.filter((n) => n.lang === lang).map((n) => n.category));
      for (const category of ['hyperbole', 'history', 'question', 'negation', 'recovery_talk']) expect(categories, `${lang} ${category}`).to.include(category);
    }
  });

  describe('two messages read together', () => {
    it('hopelessness carried to the next message completes a means there', () => {
      const first = readCrisis("I'm so tired of everything");
      expect(first.signal).to.equal(null);
      expect(first.carry).to.include('hopeless');
      expect(readCrisis('I have the pills right here').signal).to.equal(null);
      expect(readCrisis('I have the pills right here', first.carry).signal?.kind).to.equal('suicide_self_harm');
    });

    it('in Spanish too', () => {
      const first = readCrisis('ya no aguanto nada, estoy cansada de todo');
      expect(readCrisis('ya tengo las pastillas aquí en la mano', first.carry).signal?.kind).to.equal('suicide_self_harm');
    });

    it('carries names of concepts, never words', () => {
      const { carry } = readCrisis('honestly so tired of it all, nothing left for me');
      for (const name of carry) expect(name).to.match(/^[a-z_]+$/);
      expect(carry.join(' ')).not.to.match(/tired|nothing/);
    });

    it('the carried concept alone does not fire the next message: something there must add to it', () => {
      const first = readCrisis("I'm so tired of everything");
      expect(readCrisis('what time is group on monday?', first.carry).signal).to.equal(null);
      expect(readCrisis("I'm so tired of everything", first.carry).signal).to.equal(null);
    });

    it('right after a suicidal message, a means is part of it ("not really, the pills are right here")', () => {
      const first = readCrisis('i want to kill myself');
      expect(first.carry).to.deep.equal(['crisis_before']);
      expect(readCrisis('not really, the pills are right here next to me', first.carry).signal?.kind).to.equal('suicide_self_harm');
      expect(readCrisis('not really, the pills are right here next to me').signal).to.equal(null);
    });
  });

  describe('typos on every word of a phrase', () => {
    for (const text of ['end my lfie tonight', 'i want to kill mysefl', 'i want to end my lief', 'im a burdne on evryone, they would be better off', 'gonna jump off the brigde tonight']) {
      it(`"${text}"`, () => expect(readCrisis(text).signal?.kind).to.equal('suicide_self_harm'));
    }
  });

  describe('the file is validated against the lexicon it extends', () => {
    const lexicon = readCrisisLexicon();
    const good = JSON.parse(readFileSync(new URL('../../data/crisis-concepts.json', import.meta.url), 'utf8')) as Record<string, unknown>;

    it('loads as shipped', () => expect(readCrisisConcepts(lexicon).rules.length).to.be.greaterThan(10));

    it('refuses a rule naming a concept nobody defined', () => {
      const bad = structuredClone(good) as { rules: Array<{ id: string; kind: string; all: string[] }> };
      bad.rules.push({ id: 'concept.typo', kind: 'suicide_self_harm', all: ['hopless', 'means'] });
      expect(() => compileCrisisConcepts(bad, lexicon)).to.throw(/no concept or lexicon group "hopless"/);
    });

    it('refuses a pattern that could read across two sentences', () => {
      const bad = structuredClone(good) as { concepts: Record<string, { patterns: string[] }> };
      bad.concepts.hopeless!.patterns.push('tired\\s+of');
      expect(() => compileCrisisConcepts(bad, lexicon)).to.throw(/across sentences/);
    });

    it('refuses a quiet rule for a rule that does not exist', () => {
      const bad = structuredClone(good) as { quiet: Array<{ id: string; when: string; rules: string[] }> };
      bad.quiet.push({ id: 'quiet.typo', when: 'publicity', rules: ['sui.hotlin'] });
      expect(() => compileCrisisConcepts(bad, lexicon)).to.throw(/sui\.hotlin/);
    });
  });
});
