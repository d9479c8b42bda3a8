import { expect } from 'chai';
import { foldConfusables } from '../../src/domain/safety/confusables.js';
import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';
import { cleanText } from '../../src/domain/safety/textNormalizer.js';

describe('look-alike letters (confusables)', () => {
  describe('are read as the Latin letters they imitate', () => {
    const disguised: Array<[string, string]> = [
      ['Cyrillic і (U+0456)', 'I want to k\u0456ll myself'],
      ['Cyrillic а, о, і, е throughout', '\u0456 w\u0430nt t\u043e d\u0456\u0435'],
      ['Cyrillic к and capital К', 'I want to \u043aill myself, \u041aILL MYSELF'],
      ['Greek capitals Κ and Ι', 'I WANT TO \u039a\u0399LL MYSELF'],
      ['Greek ο and ι', 'i want t\u03bf d\u03b9e'],
      ['small capitals from a "fancy text" generator', 'i want to \u1d0b\u026a\u029f\u029f \u1d0d\u028fs\u1d07\u029f\ua730'],
      ['fullwidth letters', 'I want to \uff4b\uff49\uff4c\uff4c myself'],
      ['mathematical bold letters', 'I want to \u{1d424}\u{1d422}\u{1d425}\u{1d425} myself'],
      ['Turkish dotless ı', 'i want to k\u0131ll myself'],
    ];
    for (const [what, text] of disguised) {
      it(`${what}: crisis found`, () => {
        expect(detectCrisis(text)?.kinds, JSON.stringify(cleanText(text))).to.include('suicide_self_harm');
      });
    }

    it('the overdose words too (Cyrillic о and р)', () => {
      expect(detectCrisis('I think I \u043everdosed, I took all my \u0440ills')?.kinds).to.include('medical_emergency');
    });
  });

  describe('leave Spanish and plain text alone', () => {
    it('changes nothing in ASCII or Latin-1 text (á é í ó ú ñ ü ¿ ¡)', () => {
      for (const text of ['i want to go to group', '¿quieres hablar? ¡sí! señor, mañana, pingüino, acción, él, aquí, adiós, tú']) {
        expect(foldConfusables(text)).to.equal(text);
      }
    });

    it('Spanish still reads as before', () => {
      expect(cleanText('¿Quieres hablar? ¡Sí, mañana!')).to.equal('¿quieres hablar? ¡si, manana!');
      expect(detectCrisis('me quiero morir')?.kinds).to.include('suicide_self_harm');
      expect(detectCrisis('quiero matarme')?.kinds).to.include('suicide_self_harm');
      expect(detectCrisis('¿Qué es el programa intensivo? ¡Gracias!')).to.equal(null);
    });
  });

  it('fold just the words holding look-alikes, and leave emoji and quotes be', () => {
    expect(foldConfusables('hello w\u043erld and \u043aill, \u0445\u043e\u0447\u0443 \u{1F600} \u2019ok\u2019')).to.equal(
      'hello world and kill, \u0445\u043e\u0447\u0443 \u{1F600} \u2019ok\u2019',
    );
  });

  describe('leave real text in other scripts alone', () => {
    it('does not fold a word with a letter that has no Latin look-alike', () => {
      // ч, й have none: these are Russian and Ukrainian words, not disguised English.
      expect(foldConfusables('хочу')).to.equal('хочу');
      expect(foldConfusables('йдемо')).to.equal('йдемо');
    });

    it('raises no alarm on everyday Russian, Ukrainian, Bulgarian, Serbian and Greek', () => {
      const sentences = [
        'Он сказал, что ресурс готов.',
        'Мы идём в магазин за хлебом и молоком.',
        'Сегодня хорошая погода, пойдём гулять.',
        'Как у тебя дела? У меня всё хорошо.',
        'Моя мама работает врачом в больнице.',
        'Я і ти, ми йдемо додому.',
        'Доброго ранку, як справи?',
        'Добро утро, как си?',
        'Хвала, видимо се сутра.',
        'Καλημέρα, τι κάνεις;',
        'Ο καιρός είναι καλός σήμερα.',
        'Θέλω ένα καφέ, παρακαλώ.',
        'Се опет око осам.',
        'Оксана, Марко, Соня, Тарас',
      ];
      for (const text of sentences) expect(detectCrisis(text), text).to.equal(null);
    });
  });
});
