import { expect } from 'chai';
import { cleanBestTime, describeWhen, looksLikeBestTime } from '../../src/domain/callbacks/bestTime.js';
import { formatUsNational, looksLikePhone, toUsE164 } from '../../src/domain/callbacks/phone.js';
import { loadMessages } from '../../src/domain/content.js';
import { fromRoot } from '../../src/paths.js';

const when = loadMessages(fromRoot('data')).callback.when;

describe('callback phone numbers and best times', () => {
  describe('toUsE164', () => {
    const valid: Array<[string, string]> = [
      ['312-555-2368', '+13125552368'],
      ['(312) 555-2368', '+13125552368'],
      ['3125552368', '+13125552368'],
      ['1-312-555-2368', '+13125552368'],
      ['+1 312 555 2368', '+13125552368'],
      ['312.555.2368', '+13125552368'],
      ['my number is 312 555 2368', '+13125552368'],
      ['787-555-1234', '+17875551234'], // Puerto Rico is in the US
    ];
    for (const [text, e164] of valid) {
      it(`accepts "${text}"`, () => expect(toUsE164(text)).to.equal(e164));
    }

    const invalid = [
      '',
      '12345',
      '312-555-236', // nine digits
      '312-555-23689', // eleven digits, no leading 1
      '123-456-7890', // no such area code
      '555-123-4567', // 555 is not an area code
      '+1 416 555 0100', // Canada: same +1, not the US
      '+44 20 7946 0958',
      'call me maybe',
      `312-555-2368 ${'x'.repeat(80)}`, // too long to be just a number
    ];
    for (const text of invalid) {
      it(`refuses "${text.slice(0, 30)}"`, () => expect(toUsE164(text)).to.equal(undefined));
    }
  });

  it('reads a number back in the usual US form', () => {
    expect(formatUsNational('+13125552368')).to.equal('(312) 555-2368');
  });

  it('tells phone-like text from other text', () => {
    expect(looksLikePhone('312 555 2368')).to.equal(true);
    expect(looksLikePhone('555-1234')).to.equal(true);
    expect(looksLikePhone('after 5pm on the 12th')).to.equal(false);
  });

  describe('best time', () => {
    it('keeps button labels, whatever the case', () => {
      expect(cleanBestTime('morning')).to.equal('Morning');
      expect(cleanBestTime('As soon as possible')).to.equal('As soon as possible');
    });

    it('keeps free text, trimmed and bounded', () => {
      expect(cleanBestTime('  weekdays   after 5pm ')).to.equal('weekdays after 5pm');
      expect(cleanBestTime('a'.repeat(200))).to.have.length(80);
    });

    it('takes out anything that looks like a phone number, so it never reaches the webhook', () => {
      const cleaned = cleanBestTime('after 5, or try 312-555-2368');
      expect(cleaned).to.equal('after 5, or try [number removed]');
      expect(cleaned).not.to.match(/\d{3}.?\d{4}/);
    });

    it('refuses text with nothing usable left', () => {
      expect(cleanBestTime('   ')).to.equal(undefined);
      expect(cleanBestTime('312-555-2368')).to.equal(undefined);
      expect(cleanBestTime('?!')).to.equal(undefined);
    });

    it('recognizes time-like answers', () => {
      for (const t of ['tomorrow morning', 'after 5pm', 'weekends', 'around 3 pm', 'asap', 'any time after work', 'right now']) {
        expect(looksLikeBestTime(t), t).to.equal(true);
      }
      for (const t of ['how much does it cost', 'what is group therapy', 'what happens after the program ends', 'what do I do now?']) {
        expect(looksLikeBestTime(t), t).to.equal(false);
      }
    });

    it('describes when to expect the call', () => {
      expect(describeWhen('Morning', when)).to.equal('in the morning');
      expect(describeWhen('As soon as possible', when)).to.equal('as soon as they can');
      expect(describeWhen('after 5pm', when)).to.equal('at the time you gave ("after 5pm")');
    });
  });
});
