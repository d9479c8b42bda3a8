import { expect } from 'chai';
import { allowedEdits, createFuzzyCorrector, editDistanceWithin } from '../../src/domain/safety/fuzzySpelling.js';
import { cleanText, createTextNormalizer } from '../../src/domain/safety/textNormalizer.js';

const normalizer = createTextNormalizer({
  tokens: { dont: 'do not', gonna: 'going to', kms: 'kill myself' },
  phrases: [['my self', 'myself']],
  fuzzyTargets: ['suicidal', 'seizure', 'myself'],
  fuzzyProtected: ['leisure'],
  vocabulary: ['kill', 'die'],
});
const words = (text: string): string[] => normalizer.normalize(text).map((s) => s.text);

describe('text normalizer', () => {
  it('expands contractions, with or without apostrophes', () => {
    expect(words("I'm not ok, I can't sleep")).to.deep.equal(['i am not ok i cannot sleep']);
    expect(words('dont worry gonna be fine')).to.deep.equal(['do not worry going to be fine']);
    expect(words('she won’t wake up')).to.deep.equal(['she will not wake up']);
  });
  it('drops a possessive s after a noun but reads "he\'s" as "he is"', () => {
    expect(words("my son's overdose")).to.deep.equal(['my son overdose']);
    expect(words("he's not breathing")).to.deep.equal(['he is not breathing']);
  });
  it('splits sentences and marks pauses without losing words', () => {
    const [first, second] = normalizer.normalize('No, i am fine. Really!');
    expect(first?.tokens).to.deep.equal(['no', 'i', 'am', 'fine']);
    expect(first?.pauseBefore).to.deep.equal([false, true, false, false]);
    expect(second?.text).to.equal('really');
  });
  it('repairs leetspeak, repeated letters and typos towards known words only', () => {
    expect(words('k1ll my self')).to.deep.equal(['kill myself']);
    expect(words('i wanna diiiie')).to.deep.equal(['i wanna die']);
    expect(words('so sucidal')).to.deep.equal(['so suicidal']);
    expect(words('a leisure day')).to.deep.equal(['a leisure day']);
    expect(words('route 66 at 4pm')).to.deep.equal(['route 66 at 4pm']);
  });
  it('maps shorthand tokens to phrases', () => {
    expect(words('kms')).to.deep.equal(['kill myself']);
  });
  it('strips markup, entities, links and invisible characters', () => {
    expect(cleanText('<p>hi&nbsp;there</p><script>x</script> https://example.org/a?b=c')).to.not.match(/<|&|https/);
    expect(words('<b>su\u200bicidal</b>')).to.deep.equal(['suicidal']);
    expect(words('&#105; am &lt;3')).to.deep.equal(['i am 3']);
  });
  it('returns nothing for text without words', () => {
    expect(normalizer.normalize('!!! 🙏 ...')).to.deep.equal([]);
  });
});

describe('fuzzy spelling', () => {
  it('computes edit distance with transpositions and stops early', () => {
    expect(editDistanceWithin('myslef', 'myself', 2)).to.equal(1);
    expect(editDistanceWithin('seizure', 'seizure', 1)).to.equal(0);
    expect(editDistanceWithin('abcdefgh', 'zzzzzzzz', 2)).to.equal(3);
  });
  it('never corrects short words', () => {
    expect(allowedEdits(4)).to.equal(0);
    expect(createFuzzyCorrector(['kill'], []).correct('kil')).to.equal(undefined);
  });
  it('corrects towards the nearest target and respects protected words', () => {
    const corrector = createFuzzyCorrector(['seizure', 'suicidal'], ['leisure']);
    expect(corrector.correct('siezure')).to.equal('seizure');
    expect(corrector.correct('suicdal')).to.equal('suicidal');
    expect(corrector.correct('leisure')).to.equal(undefined);
    expect(corrector.correct('kitchen')).to.equal(undefined);
  });
});

describe('text normalizer: language per message', () => {
  const bilingual = createTextNormalizer({
    tokens: { ya: 'you', y: 'why', mama: 'mom', dont: 'do not' },
    phrases: [],
    fuzzyTargets: ['suicide', 'myself'],
    fuzzyProtected: [],
    vocabulary: ['kill'],
    spanish: {
      markers: ['que', 'de', 'la', 'y', 'ya', 'estoy', 'mi', 'para', 'pa', 'se'],
      englishMarkers: ['i', 'the', 'my', 'you', 'and', 'to', 'is'],
      tokens: { pa: 'para', q: 'que' },
      keep: ['mama'],
      phrases: [],
      fuzzyTargets: ['suicidarme'],
      fuzzyProtected: ['suicido'],
    },
  });
  const read = (text: string): string[] => bilingual.normalize(text).map((s) => s.text);

  it('tells Spanish from English by function words and Spanish letters; a tie is English', () => {
    expect(bilingual.language('ya estoy cansado de todo')).to.equal('es');
    expect(bilingual.language('¿dónde estás?')).to.equal('es');
    expect(bilingual.language('i dont know what to do')).to.equal('en');
    expect(bilingual.language('ok')).to.equal('en');
  });
  it('does not rewrite Spanish words with the English slang map', () => {
    expect(read('ya no quiero nada y mi mama se fue')).to.deep.equal(['ya no quiero nada y mi mama se fue']);
    expect(read('pa q sigo')).to.deep.equal(['para que sigo']);
  });
  it('still expands the English in a Spanish message, but not on Spanish words', () => {
    expect(read('ya no puedo, dont know que hacer')).to.deep.equal(['ya no puedo do not know que hacer']);
  });
  it('still applies the English map to English', () => {
    expect(read('see ya, i dont care y should i')).to.deep.equal(['see you i do not care why should i']);
  });
  it('corrects typos towards Spanish targets only, never towards English ones', () => {
    expect(read('intente suisidarme y mi tio se suicidó')).to.deep.equal(['intente suicidarme y mi tio se suicido']);
  });
});
