import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { fromRoot } from '../../src/paths.js';
import { loadContent, localeGaps } from '../../src/domain/content.js';
import { loadCrisisResponses } from '../../src/replies/crisisMessages.js';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { loadGuidanceTexts, missingOutcomes } from '../../src/domain/guidance/guidanceText.js';
import { loadCareRules } from '../../src/domain/guidance/careRules.js';
import { IntentName } from '../../src/domain/nlu/intentNames.js';
import { placeholdersOf } from '../../src/domain/template.js';
import { LOCALES, DEFAULT_LOCALE } from '../../src/domain/locale.js';

/**
 * Every text a person reads exists in every locale (issue #18): each data/locales/<locale>/<name>.json
 * has every key of data/<name>.json, no key English lacks, the same ids in its lists, and the same
 * {placeholders} in each text. At start-up a missing Spanish key reads in English (so a new English
 * text never stops the bot); this test is what keeps that from lasting.
 */

const DATA = fromRoot('data');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** Files whose other-locale copy has its own shape, checked below on their own terms. */
const OWN_SHAPE = new Set(['intents.json', 'care-rules.json']);
/** Lists of words a person may type (each language has its own), not texts a person reads. */
const WORD_LISTS = new Set(['synonyms', 'examples']);
/** Keys whose values are not words (ids, numbers, codes) and must be the same in every locale. */
const SAME_VALUE = new Set(['id', 'value', 'display', 'tel']);

interface Problem {
  where: string;
  problem: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function compare(english: unknown, local: unknown, where: string, out: Problem[]): void {
  const key = where.split('.').at(-1) ?? '';
  if (isRecord(english)) {
    if (!isRecord(local)) return void out.push({ where, problem: 'is not an object' });
    for (const k of Object.keys(english)) {
      if (!(k in local)) out.push({ where: `${where}.${k}`, problem: 'missing' });
      else compare(english[k], local[k], `${where}.${k}`, out);
    }
    for (const k of Object.keys(local)) if (!(k in english)) out.push({ where: `${where}.${k}`, problem: 'not in English' });
    return;
  }
  if (Array.isArray(english)) {
    if (!Array.isArray(local)) return void out.push({ where, problem: 'is not a list' });
    if (WORD_LISTS.has(key)) return;
    if (english.every((e) => typeof e === 'string')) {
      if (local.length === 0 && english.length > 0) out.push({ where, problem: 'empty' });
      for (const [i, text] of local.entries()) compareText(english[Math.min(i, english.length - 1)], text, `${where}[${i}]`, out);
      return;
    }
    if (english.length !== local.length) return void out.push({ where, problem: `has ${local.length} items, English ${english.length}` });
    english.forEach((e, i) => compare(e, local[i], `${where}[${i}]`, out));
    return;
  }
  if (SAME_VALUE.has(key)) {
    if (english !== local) out.push({ where, problem: `is ${JSON.stringify(local)}, English ${JSON.stringify(english)}` });
    return;
  }
  compareText(english, local, where, out);
}

function compareText(english: unknown, local: unknown, where: string, out: Problem[]): void {
  if (typeof english !== typeof local) return void out.push({ where, problem: `is a ${typeof local}, English a ${typeof english}` });
  if (typeof english !== 'string' || typeof local !== 'string') return;
  if (local.trim().length === 0 && english.trim().length > 0) return void out.push({ where, problem: 'empty' });
  const a = placeholdersOf(english).sort().join(' ');
  const b = placeholdersOf(local).sort().join(' ');
  if (a !== b) out.push({ where, problem: `placeholders {${b}} but English has {${a}}` });
}

const otherLocales = LOCALES.filter((l) => l !== DEFAULT_LOCALE);

describe('every English text has its translation (issue #18)', () => {
  for (const locale of otherLocales) {
    const dir = join(DATA, 'locales', locale);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !OWN_SHAPE.has(f));

    it(`${locale}: the locale's file set is there (the texts people read, the assessment, the crisis replies)`, () => {
      for (const name of ['content.json', 'messages.json', 'iop-topics.json', 'meetings-text.json', 'crisis-responses.json', 'assessment.json', 'care-rules.json', 'intents.json']) {
        expect(readdirSync(dir), name).to.include(name);
      }
    });

    for (const name of files) {
      it(`${locale}/${name}: every English key, nothing else, the same ids and placeholders`, () => {
        const problems: Problem[] = [];
        compare(readJson(join(DATA, name)), readJson(join(dir, name)), name.replace(/\.json$/, ''), problems);
        expect(problems.map((p) => `${p.where}: ${p.problem}`)).to.deep.equal([]);
      });
    }

    it(`${locale}: every care rule's guidance is said (care-rules.json by rule id)`, () => {
      const texts = loadGuidanceTexts(DATA)[locale];
      expect(texts, 'care-rules.json').to.not.equal(undefined);
      expect(missingOutcomes(loadCareRules(), texts!)).to.deep.equal([]);
    });

    it(`${locale}: every intent is learned (intents.json)`, () => {
      const local = readJson(join(dir, 'intents.json')) as Record<string, string[]>;
      expect(IntentName.options.filter((intent) => !(local[intent]?.length))).to.deep.equal([]);
      expect(Object.keys(local).filter((k) => !(IntentName.options as readonly string[]).includes(k))).to.deep.equal([]);
    });
  }

  it('loading every locale takes nothing from English (no start-up gaps)', () => {
    localeGaps.clear();
    const content = loadContent(DATA);
    loadCrisisResponses(DATA);
    loadAssessmentTexts(DATA);
    expect([...localeGaps]).to.deep.equal([]);
    for (const locale of LOCALES) expect(content.in(locale).locale).to.equal(locale);
  });
});
