import { expect } from 'chai';
import sinon from 'sinon';
import { buttonLabels, loadContent } from '../src/domain/content.js';
import { detectCrisis } from '../src/domain/safety/crisisDetector.js';
import type { DetectCrisis } from '../src/turn/crisisMiddleware.js';
import { withKnownPhrases } from '../src/turn/knownPhrases.js';
import { IntentRecognizer } from '../src/domain/nlu/intentRecognizer.js';
import { commandPhrases } from '../src/turn/understanding.js';

const realDetect: DetectCrisis = (text) => {
  const signal = detectCrisis(text);
  return signal ? { kinds: signal.kinds } : null;
};

describe('withKnownPhrases', () => {
  it('answers a known phrase from its start-up verdict, without running the detector again', () => {
    const detect = sinon.spy((text: string) => (text === 'Get help now' ? { kinds: ['suicide_self_harm' as const] } : null));
    const fast = withKnownPhrases(detect, ['Tell me more', 'Get help now', 'Tell me more']);
    expect(detect.callCount, 'each phrase once').to.equal(2);
    expect(fast('Tell me more')).to.equal(null);
    expect(fast('Get help now')).to.deep.equal({ kinds: ['suicide_self_harm'] });
    expect(detect.callCount).to.equal(2);
  });

  it('runs the detector on anything that is not exactly a known phrase', () => {
    const detect = sinon.spy((text: string) => (/kill myself/.test(text) ? { kinds: ['suicide_self_harm' as const] } : null));
    const fast = withKnownPhrases(detect, ['Tell me more']);
    expect(fast('tell me more')).to.equal(null);
    expect(fast('Tell me more, I want to kill myself')).to.deep.equal({ kinds: ['suicide_self_harm'] });
    expect(detect.args.slice(1).map(([t]) => t)).to.deep.equal(['tell me more', 'Tell me more, I want to kill myself']);
  });

  it('gives the real detector\'s answer for every label and command the bot offers, and for crisis text', () => {
    const phrases = [...buttonLabels(loadContent('data')), ...commandPhrases()];
    expect(phrases).to.include.members(['Learn about IOP', 'Tell me more', 'menu', 'help']);
    const fast = withKnownPhrases(realDetect, phrases);
    for (const text of [...phrases, 'I want to end my life', 'my friend overdosed and is not breathing', 'Group therapy']) {
      expect(fast(text), text).to.deep.equal(realDetect(text));
    }
    expect(fast('I want to end my life')).to.not.equal(null);
  });

  it('gives the trained intent recognizer\'s answer for every label and command, and for typed text', () => {
    const recognizer = IntentRecognizer.default();
    const phrases = [...buttonLabels(loadContent('data')), ...commandPhrases()];
    const recognize = withKnownPhrases((text) => recognizer.recognize(text), phrases);
    for (const text of [...phrases, 'how much does it cost', 'can I do it online', 'Group therapy']) {
      expect(recognize(text), text).to.deep.equal(recognizer.recognize(text));
    }
  });
});
