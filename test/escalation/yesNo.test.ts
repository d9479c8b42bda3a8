import { expect } from 'chai';
import { recognizeYesNo } from '../../dialogs/yesNo.js';

const YES = 'Yes, call me';
const NO = "No, don't save it";

describe('recognizeYesNo: a yes/no answer, or nothing when it is unclear', () => {
  for (const [text, expected] of [
    [YES, true],
    [NO, false],
    ['yes, call me!', true],
    ["no don't save it", false],
    ['yes', true],
    ['Yeah', true],
    ['yep', true],
    ['sure', true],
    ['ok', true],
    ['okay, go ahead', true],
    ['yes please call me', true],
    ['of course', true],
    ['👍', true],
    ['no', false],
    ['Nope.', false],
    ['nah', false],
    ['no thanks', false],
    ['not now', false],
    ['not ok', false],
    ['👎', false],
    ['1', true],
    ['2', false],
    ['the second one', false],
    // Unclear: asked again rather than guessed.
    ['yes no', undefined],
    ['no wait yes', undefined],
    ['not sure', undefined],
    ["I'm not sure", undefined],
    // Part of a label is not the label.
    ['call me', undefined],
    ["don't save it", undefined],
    ['maybe', undefined],
    ['what happens to my number?', undefined],
    ['3', undefined],
    ['', undefined],
  ] as const) {
    it(`"${text}" → ${String(expected)}`, () => {
      expect(recognizeYesNo(text, YES, NO)).to.equal(expected);
    });
  }

  it('does not find yes or no inside other words ("know", "nobody", "yesterday", "okra")', () => {
    for (const text of ['I know', 'nobody', 'yesterday', 'okra']) expect(recognizeYesNo(text, YES, NO), text).to.equal(undefined);
  });
});
