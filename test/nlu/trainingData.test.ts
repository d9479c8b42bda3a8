import { expect } from 'chai';
import { IntentName } from '../../src/domain/nlu/intentNames.js';
import { MIN_EXAMPLES_PER_INTENT, TrainingDataError, parseTrainingData } from '../../src/domain/nlu/trainingData.js';

function validData(): Record<string, string[]> {
  const data: Record<string, string[]> = {};
  for (const intent of IntentName.options) {
    data[intent] = Array.from({ length: MIN_EXAMPLES_PER_INTENT }, (_, i) => `${intent} example ${i}`);
  }
  return data;
}

describe('parseTrainingData', () => {
  it('accepts a complete file', () => {
    expect(parseTrainingData(validData()).greeting).to.have.length(MIN_EXAMPLES_PER_INTENT);
  });

  it('rejects an intent with too few examples', () => {
    const data = validData();
    data.thanks = ['thanks'];
    expect(() => parseTrainingData(data)).to.throw(TrainingDataError, /thanks.*at least 25/);
  });

  it('rejects an intent name that does not exist', () => {
    const data = { ...validData(), weather: validData().greeting };
    expect(() => parseTrainingData(data)).to.throw(TrainingDataError, /weather/);
  });

  it('rejects empty utterances and the same utterance under two intents', () => {
    const blank = validData();
    blank.help = [...(blank.help ?? []), '   '];
    expect(() => parseTrainingData(blank)).to.throw(TrainingDataError, /must not be empty/);

    const clash = validData();
    clash.cancel = [...(clash.cancel ?? []), 'Stop'];
    clash.goodbye = [...(clash.goodbye ?? []), 'stop'];
    expect(() => parseTrainingData(clash)).to.throw(TrainingDataError, /also listed under cancel/);
  });

  it('rejects something that is not an object', () => {
    expect(() => parseTrainingData(['hi'], 'x.json')).to.throw(TrainingDataError, /Invalid x\.json/);
  });
});
