import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadLanguageReader } from '../../src/domain/languageOfMessage.js';
import { resolveLocale } from '../../src/turn/locale.js';
import { fromRoot } from '../../src/paths.js';

/**
 * The per-message language reading that switches a conversation's language (issue #18), on
 * chat-length messages (test/fixtures/language-chat-messages.json). What matters most: it never
 * reads one language as the other, and names, numbers and "ok" never switch a conversation.
 */
const set = JSON.parse(readFileSync(fromRoot('test/fixtures/language-chat-messages.json'), 'utf8')) as {
  es: string[];
  en: string[];
  none: string[];
  mixed: Array<[string, 'es' | 'en' | 'none']>;
};
const reader = loadLanguageReader();
const read = (text: string) => reader.localeOf(text) ?? 'none';

describe('reading the language of a chat message', () => {
  it('never takes a Spanish message for English, nor an English one for Spanish', () => {
    expect(set.es.filter((t) => read(t) === 'en')).to.deep.equal([]);
    expect(set.en.filter((t) => read(t) === 'es')).to.deep.equal([]);
  });

  it('reads at least 9 in 10 of each language (the rest keep the conversation as it is)', () => {
    expect(set.es.filter((t) => read(t) === 'es').length / set.es.length).to.be.at.least(0.9);
    expect(set.en.filter((t) => read(t) === 'en').length / set.en.length).to.be.at.least(0.9);
  });

  it('a ZIP code, a place, a phone number, "ok" or "IOP" says nothing: no switch', () => {
    expect(set.none.filter((t) => read(t) !== 'none')).to.deep.equal([]);
  });

  it('mixed messages go with the language that carries them ("quiero info about IOP" is Spanish)', () => {
    expect(read('quiero info about IOP')).to.equal('es');
    expect(set.mixed.filter(([t, want]) => read(t) === want).length).to.be.at.least(set.mixed.length - 2);
  });

  it('an explicit choice beats what is written, writing beats the channel, the channel starts it', () => {
    expect(resolveLocale({}, undefined, 'es-US', reader)).to.deep.equal({ locale: 'es', from: 'channel' });
    expect(resolveLocale({}, 'hola, necesito ayuda', 'en-US', reader)).to.deep.equal({ locale: 'es', from: 'writing' });
    expect(resolveLocale({ locale: 'es', localeFrom: 'writing' }, 'i need help finding a program', 'es-US', reader)).to.deep.equal({ locale: 'en', from: 'writing' });
    expect(resolveLocale({ locale: 'es', localeFrom: 'writing' }, '90011', 'en-US', reader)).to.deep.equal({ locale: 'es', from: 'writing' });
    expect(resolveLocale({ locale: 'en', localeFrom: 'choice' }, 'hola, necesito ayuda', 'es-US', reader)).to.deep.equal({ locale: 'en', from: 'choice' });
    expect(resolveLocale({ locale: 'en', localeFrom: 'choice' }, 'Español', 'en-US', reader)).to.deep.equal({ locale: 'es', from: 'choice' });
    expect(resolveLocale({ locale: 'es', localeFrom: 'writing' }, 'háblame en inglés', 'es-US', reader)).to.deep.equal({ locale: 'en', from: 'choice' });
  });
});
