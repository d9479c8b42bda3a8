import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';
import { compileCrisisLexicon, CrisisLexiconError, DEFAULT_LEXICON_URL } from '../../src/domain/safety/crisisLexicon.js';
import { MAX_SENTENCE_TOKENS } from '../../src/domain/safety/textNormalizer.js';

/**
 * The crisis check reads every message whole, up to the 256 KB a request body may hold,
 * so its cost must grow with the length of the text and no faster, whatever the text.
 */

const MAX_BODY_TEXT = 256 * 1024;
const WORDS = ['we', 'talked', 'about', 'the', 'evening', 'group', 'schedule', 'and', 'rides'];
const runOn = (tokens: number): string => Array.from({ length: tokens }, (_, i) => WORDS[i % WORDS.length]).join(' ');

/** `unit` repeated to fill 256 KB, ending with a crisis sentence. */
function fill(unit: string, ending = ' i want to die'): string {
  const body = unit.repeat(Math.ceil(MAX_BODY_TEXT / unit.length)).slice(0, MAX_BODY_TEXT - ending.length);
  return body + ending;
}

describe('crisis check on long text', () => {
  describe('a run-on sentence longer than one window', () => {
    // Every offset across the first two window boundaries, on both sides.
    const offsets = Array.from({ length: 2 * MAX_SENTENCE_TOKENS + 20 }, (_, i) => i);

    it('finds a crisis phrase wherever it falls', () => {
      const missed = offsets.filter((k) => detectCrisis(`${runOn(k)} i want to kill myself ${runOn(300)}`) === null);
      expect(missed).to.deep.equal([]);
    });

    it('still reads a negation just before it, wherever it falls', () => {
      const alarms = offsets.filter(
        (k) => detectCrisis(`${runOn(k)} i do not want to die ${runOn(300)}`) !== null || detectCrisis(`${runOn(k)} i am not suicidal ${runOn(300)}`) !== null,
      );
      expect(alarms).to.deep.equal([]);
    });
  });

  describe('one pass per rule over all sentences', () => {
    it('never lets a rule match across two sentences', () => {
      // "i want to" ends one sentence, "die" starts the next: two thoughts, not one.
      expect(detectCrisis('I want to. Die Hard is on tonight.')).to.equal(null);
      expect(detectCrisis('We will end. it all starts at six')).to.equal(null);
    });

    it('refuses a lexicon pattern that could match a line break', () => {
      const data = JSON.parse(readFileSync(DEFAULT_LEXICON_URL, 'utf8')) as { rules: Array<Record<string, unknown>> };
      for (const pattern of ['\\bkill\\s+myself\\b', '\\bkill[^x]myself\\b', '\\bkill\\Wmyself\\b', 'kill\nmyself']) {
        data.rules[0]!.pattern = pattern;
        expect(() => compileCrisisLexicon(data), pattern).to.throw(CrisisLexiconError, /could match across sentences/);
      }
    });
  });

  describe('256 KB messages', function () {
    // Generous for a busy machine; before windows and a single pass per rule, the first of
    // these took minutes (every match re-read the whole sentence before it).
    const BUDGET_MS = 2_000;
    this.timeout(60_000);
    const shapes: Record<string, string> = {
      'a question repeated without punctuation': fill('what are the signs of suicide '),
      'history repeated without punctuation': fill('i overdosed two years ago and '),
      'a phrase with an open-ended look-ahead': fill('i do not want to live like this '),
      'a phrase with an open-ended gap': fill('i know where he lives '),
      'prose': fill('I have been thinking about which evening group would fit my schedule. '),
      'one endless word': fill('a'),
      'unclosed tags': fill('<p '),
      'leetspeak': fill('k1ll '),
      'look-alike letters': fill('\u043a\u0456ll '),
      'emoji': fill('\u{1F600}'),
    };
    for (const [shape, text] of Object.entries(shapes)) {
      it(`${shape}: crisis at the very end found, within ${BUDGET_MS} ms`, () => {
        const start = performance.now();
        const signal = detectCrisis(text);
        const ms = performance.now() - start;
        expect(signal?.kinds).to.include('suicide_self_harm');
        expect(ms).to.be.below(BUDGET_MS);
      });
    }
  });
});
