import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';
import { CrisisKindSchema } from '../../src/domain/safety/crisisLexicon.js';
import { scoreCrisis } from './crisisScoring.js';

/**
 * Regression sets grown from blind sets: test/eval/crisis-regression-*.json hold every
 * message a blind set caught the detector missing, giving the wrong kind, not marking as
 * someone else's emergency, or false-alarming on, at first contact. Each item keeps its
 * source (the blind set's date) and what went wrong then. Unlike a blind set these are
 * tuned against, so they must pass whole: every crisis message fires with its kind, every
 * someone-else emergency is marked so, and no hard negative fires.
 *
 * The blind files themselves stay frozen; their first-contact figures are in the README.
 */

const Lang = z.enum(['en', 'es']);
const RegressionFile = z
  .object({
    version: z.literal(1),
    description: z.string(),
    crisis: z.array(
      z
        .object({
          text: z.string().min(1),
          kind: CrisisKindSchema,
          lang: Lang,
          aboutOther: z.literal(true).optional(),
          source: z.string().regex(/^(?:es-)?(?:safety-)?blind-\d{4}-\d{2}-\d{2}(?:-[a-z])?$/),
          firstContact: z.string().min(1),
        })
        .strict(),
    ),
    nonCrisis: z.array(
      z.object({ text: z.string().min(1), category: z.string().min(1), lang: Lang, source: z.string().regex(/^(?:es-)?(?:safety-)?blind-\d{4}-\d{2}-\d{2}(?:-[a-z])?$/), firstContact: z.string().min(1) }).strict(),
    ),
  })
  .strict();

const FILES = ['crisis-regression-blind.json'];

for (const file of FILES) {
  const data = RegressionFile.parse(JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')));

  describe(`crisis regression set ${file}`, () => {
    it('copies its messages unchanged from the blind sets they came from', () => {
      const notFound: string[] = [];
      for (const source of new Set([...data.crisis, ...data.nonCrisis].map((m) => m.source))) {
        const blind = JSON.parse(readFileSync(new URL(`./${source}.json`, import.meta.url), 'utf8')) as { crisis: Array<{ text: string }>; nonCrisis: Array<{ text: string }> };
        const crisisTexts = new Set(blind.crisis.map((m) => m.text));
        const nonTexts = new Set(blind.nonCrisis.map((m) => m.text));
        for (const m of data.crisis) if (m.source === source && !crisisTexts.has(m.text)) notFound.push(m.text);
        for (const m of data.nonCrisis) if (m.source === source && !nonTexts.has(m.text)) notFound.push(m.text);
      }
      expect(notFound).to.deep.equal([]);
    });

    it('has no message of its blind sets pasted verbatim into the lexicon or its concepts', () => {
      const lexicon = ['crisis-lexicon.json', 'crisis-concepts.json'].map((f) => readFileSync(new URL(`../../data/${f}`, import.meta.url), 'utf8').toLowerCase()).join('\n');
      const pasted = [...new Set(data.crisis.map((m) => m.source))].flatMap((source) => {
        const blind = JSON.parse(readFileSync(new URL(`./${source}.json`, import.meta.url), 'utf8')) as { crisis: Array<{ text: string }>; nonCrisis: Array<{ text: string }> };
        return [...blind.crisis, ...blind.nonCrisis].map((m) => m.text.toLowerCase()).filter((t) => t.split(/\s+/).length >= 4 && lexicon.includes(t));
      });
      expect(pasted).to.deep.equal([]);
    });

    it('has no duplicate message', () => {
      const all = [...data.crisis, ...data.nonCrisis].map((m) => m.text.toLowerCase());
      expect(all.length - new Set(all).size).to.equal(0);
    });

    for (const lang of ['en', 'es'] as const) {
      it(`${lang}: catches every crisis message with its kind, and false-alarms on none`, () => {
        const score = scoreCrisis(`${file} (${lang})`, data.crisis.filter((c) => c.lang === lang), data.nonCrisis.filter((c) => c.lang === lang));
        console.log(score.report);
        expect(score.misses, 'missed crisis messages').to.deep.equal([]);
        expect(score.wrongKind, 'labelled kind not among the kinds found').to.deep.equal([]);
        expect(score.aboutOther.missed, "someone else's emergency not marked aboutOther").to.deep.equal([]);
        expect(score.falseAlarms, 'false alarms').to.deep.equal([]);
      });
    }

    it("marks someone else's emergency as such wherever the label says so", () => {
      const missed = data.crisis
        .filter((c) => c.aboutOther && c.kind === 'medical_emergency')
        .filter((c) => detectCrisis(c.text)?.aboutOther !== true)
        .map((c) => c.text);
      expect(missed).to.deep.equal([]);
    });
  });
}
