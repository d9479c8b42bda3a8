import { expect } from 'chai';
import { createRequire } from 'node:module';
import { NaiveBayes, editDistance, jaroWinkler, stem } from '../../src/domain/nlu/naturalModules.js';

describe('naturalModules', () => {
  it('loads the deep-path pieces with the shapes the recognizer relies on', () => {
    expect(new NaiveBayes()).to.respondTo('getClassifications');
    expect(stem('counseling')).to.equal('counsel');
    expect(jaroWinkler('insurence', 'insurance')).to.be.above(0.9);
    expect(editDistance('thearpy', 'therapy')).to.equal(1);
  });

  it('never loads the slow natural main entry (database drivers, dotenv)', () => {
    const require = createRequire(import.meta.url);
    const mainEntry = require.resolve('natural');
    const deepPiece = require.resolve('natural/lib/natural/classifiers/bayes_classifier.js');
    expect(require.cache[deepPiece], 'deep import should be in the CommonJS cache').to.not.equal(undefined);
    expect(require.cache[mainEntry]).to.equal(undefined);
  });
});
