import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readCrisisLexicon } from '../../src/domain/safety/crisisLexicon.js';
import { ruleAnchors } from '../../src/domain/safety/ruleAnchors.js';
import { createTextNormalizer } from '../../src/domain/safety/textNormalizer.js';

/** Every text of the crisis eval and holdout sets and the intent examples. */
function realMessages(): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const file of ['test/eval/crisis-eval.json', 'test/eval/crisis-holdout.json', 'test/eval/intent-eval.json', 'data/intents.json']) {
    walk(JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')));
  }
  return texts;
}

describe('rule anchors', () => {
  it('reads literals, alternation and groups; optional parts and look-arounds require nothing', () => {
    expect(ruleAnchors('\\b(?:kill|killing) myself\\b')).to.deep.equal([' myself']);
    expect(ruleAnchors('\\bsuicid(?:e|al)\\b(?! squad)')).to.deep.equal(['suicid']);
    expect(ruleAnchors('\\bwant to (?:die|be dead)\\b|\\bkms\\b')).to.deep.equal(['want to ', 'kms']);
    expect(ruleAnchors('(?<!not )\\boverdos(?:e|ed)\\b')).to.deep.equal(['overdos']);
    expect(ruleAnchors('\\bi (?:[a-z]+ ){0,2}(?:took|swallowed) (?:all )?(?:the )?pills')).to.deep.equal(['pills']);
    expect(ruleAnchors('^(?:i am )?(?:ending it|done)$')).to.deep.equal(['ending it', 'done']);
  });

  it('gives none when a branch could match without any literal, or the pattern is not understood', () => {
    expect(ruleAnchors('\\bkill myself\\b|(?:[a-z]+ )?')).to.equal(null);
    expect(ruleAnchors('\\b(?:kill )?myself?')).to.deep.equal(['mysel']);
    expect(ruleAnchors('(a)\\1')).to.equal(null);
    expect(ruleAnchors('(?<name>a)')).to.equal(null);
    expect(ruleAnchors('\\u0041')).to.equal(null);
  });

  it('finds anchors for every rule of the shipped lexicon', () => {
    const unread = readCrisisLexicon()
      .rules.filter((rule) => ruleAnchors(rule.regex.source) === null)
      .map((rule) => rule.id);
    expect(unread).to.deep.equal([]);
  });

  it('every match of every rule in real messages holds one of its anchors', () => {
    const lexicon = readCrisisLexicon();
    const { normalization } = lexicon.file;
    const normalizer = createTextNormalizer({ ...normalization });
    const sentences = realMessages().flatMap((text) => normalizer.normalize(text).map((s) => s.text));
    let matches = 0;
    const without: string[] = [];
    for (const rule of lexicon.rules) {
      const anchors = ruleAnchors(rule.regex.source) ?? [];
      for (const sentence of sentences) {
        rule.regex.lastIndex = 0;
        for (let match = rule.regex.exec(sentence); match !== null; match = rule.regex.exec(sentence)) {
          if (match[0].length === 0) rule.regex.lastIndex++;
          matches++;
          if (!anchors.some((anchor) => match![0].includes(anchor))) without.push(`${rule.id}: ${match[0]}`);
        }
      }
      rule.regex.lastIndex = 0;
    }
    expect(matches).to.be.greaterThan(500);
    expect(without).to.deep.equal([]);
  });
});
