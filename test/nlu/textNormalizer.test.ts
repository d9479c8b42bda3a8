import { expect } from 'chai';
import { clipLongText, tokenize } from '../../src/domain/nlu/textNormalizer.js';

describe('tokenize', () => {
  it('lower-cases, drops apostrophes (curly too) and punctuation', () => {
    expect(tokenize('What’s IOP?!')).to.deep.equal(['what', 'is', 'iop']);
    expect(tokenize("I don't know")).to.deep.equal(['i', 'dont', 'know']);
  });

  it('expands texting shorthand', () => {
    expect(tokenize('can u call me pls')).to.deep.equal(['can', 'you', 'call', 'me', 'please']);
    expect(tokenize('wanna talk rn')).to.deep.equal(['want', 'to', 'talk', 'right', 'now']);
  });

  it('returns nothing for emoji, whitespace and empty text', () => {
    expect(tokenize('🙂🙂 ')).to.deep.equal([]);
    expect(tokenize('')).to.deep.equal([]);
  });
});

describe('clipLongText', () => {
  it('keeps short text whole and the two ends of long text', () => {
    expect(clipLongText('hello')).to.equal('hello');
    const clipped = clipLongText(`start ${'x'.repeat(50_000)} end`);
    expect(clipped.length).to.be.below(2100);
    expect(clipped.startsWith('start')).to.equal(true);
    expect(clipped.endsWith('end')).to.equal(true);
  });
});
