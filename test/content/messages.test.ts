import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ContentError, loadContent, loadMessages, localeGaps } from '../../src/domain/content.js';
import { DEFAULT_LOCALE, LOCALES, MESSAGE_SPECS, messagesPath } from '../../src/domain/messages.js';
import {
  eachText,
  fill,
  MAX_LABEL_CHARS,
  MAX_WORDS_PER_MESSAGE,
  placeholdersOf,
  TemplateError,
  wordCount,
} from '../../src/domain/template.js';
import { fromRoot } from '../../src/paths.js';
import { runTs } from '../helpers/childProcess.js';

/**
 * Every word a person reads is in data/ (issue 14): the texts are checked at start-up
 * (placeholders, lengths, keys), and they render with the values the code gives them.
 */

const content = loadContent(fromRoot('data'));

/**
 * Values like the code's, on the long side: the longest program name in the sample catalog
 * is about this long, and a person's summary has up to seven lines.
 */
const SAMPLE: Record<string, string | number> = {
  helpline: '833-820-2922',
  number: '833-820-2922',
  phone: '(312) 555-2368',
  when: 'at the time you gave ("weekdays after 5pm, not Fridays")',
  time: 'weekdays after 5pm, not Fridays',
  days: 30,
  yes: 'Yes, call me',
  no: "No, don't save it",
  summary: [
    '- Where you are in care: you have finished detox',
    '- How ready you feel: you are getting ready',
    '- Where: Portland, OR 97201',
    '- When you could attend: evenings',
    '- In person or telehealth: either',
    '- Paying with: Medicaid',
    '- Support for mental health too: yes',
  ].join('\n'),
  items: '- Where you are in care: you have finished detox\n- When you could attend: evenings\n- Paying with: Medicaid',
  wait: 'about 2 minutes',
  seconds: 45,
  minutes: 2,
  name: 'Riverbend Recovery and Wellness Center',
  city: 'Portland',
  state: 'OR',
  miles: 12,
  start: '18:00',
  end: '21:00',
  from: 25,
  to: 50,
  payment: 'private insurance',
  language: 'Haitian Creole',
  // The reasons on a program card and the lines of a summary (data/messages.json "reasons", "summary").
  rest: 'sober living referrals, help finding work',
  last: 'family therapy',
  track: 'afternoon telehealth groups Mon–Wed/Sat',
  count: 3,
  list: 'art and wilderness therapy',
  therapies: 'art and wilderness therapy',
  others: 'fitness and neurofeedback',
  month: 'September',
  year: 2026,
  value: 'you are finishing a partial hospitalization program',
  medication: 'naltrexone (Vivitrol)',
  title: 'An IOP could be a good place to start',
  place: 'Truth or Consequences, NM',
};

describe('the words in data/ (issue 14)', () => {
  describe('every message renders with the values its code supplies', () => {
    const texts = eachText(MESSAGE_SPECS, content.messages);

    it('covers every key of data/messages.json, and the file has no other', () => {
      const raw = JSON.parse(readFileSync(fromRoot('data/messages.json'), 'utf8')) as Record<string, unknown>;
      const leaves = (o: unknown, prefix = ''): string[] =>
        Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
          typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
        );
      expect(texts.map((t) => t.key).sort()).to.deep.equal(leaves(raw).sort());
      expect(texts.length).to.be.greaterThan(40);
    });

    for (const { key, spec, text } of eachText(MESSAGE_SPECS, content.messages)) {
      it(`${key}: placeholders known, required ones used, ${spec.kind === 'chat' ? `at most ${MAX_WORDS_PER_MESSAGE} words` : `at most ${MAX_LABEL_CHARS} characters`} once filled`, () => {
        const used = placeholdersOf(text);
        for (const name of used) expect(spec.supplied, `{${name}} in ${key}`).to.include(name);
        for (const name of spec.required) expect(used, `${key} must use {${name}}`).to.include(name);
        const values = Object.fromEntries(spec.supplied.map((name) => [name, SAMPLE[name] ?? expect.fail(`no sample value for {${name}}`)]));
        const rendered = fill(text, values);
        expect(rendered, key).not.to.match(/\{\w+\}/);
        expect(rendered.trim(), key).not.to.equal('');
        if (spec.kind === 'chat') expect(wordCount(rendered), key).to.be.at.most(MAX_WORDS_PER_MESSAGE);
        else expect([...rendered].length, key).to.be.at.most(MAX_LABEL_CHARS);
        for (const words of spec.mustSay) expect(rendered, key).to.include(words);
      });
    }

    it("the program card's words render with a long program name and place", () => {
      const w = content.text.programCard;
      expect(fill(w.call, SAMPLE)).to.equal('Call Riverbend Recovery and Wellness Center');
      expect(fill(w.milesAway, SAMPLE)).to.equal('About 12 miles away, Portland, OR');
      expect(fill(w.schedule, { ...SAMPLE, days: 'Mon, Wed, Thu evenings' })).to.equal('Schedule: Mon, Wed, Thu evenings, 18:00–21:00');
      for (const [key, text] of Object.entries(w)) expect(fill(text, { ...SAMPLE, days: 'Mon, Wed' }), key).not.to.match(/\{\w+\}/);
    });

    it('the crisis apology for a failed turn says 911 and 988', () => {
      const apology = fill(content.messages.turnError.crisisApology, SAMPLE);
      expect(apology).to.include('911').and.to.include('988').and.to.include('833-820-2922');
    });
  });

  describe('fill()', () => {
    it('fills every placeholder, numbers too, and ignores values the text does not use', () => {
      expect(fill('Call {name} at {phone}', { name: 'Cedar', phone: '555-0100', unused: 'x' })).to.equal('Call Cedar at 555-0100');
      expect(fill('about {minutes} minutes', { minutes: 2 })).to.equal('about 2 minutes');
    });

    it('refuses a placeholder it has no value for, rather than show "{name}" to a person', () => {
      expect(() => fill('Call {nmae}', { name: 'Cedar' })).to.throw(TemplateError, /\{nmae\}/);
    });

    it('puts a value in as it is, even one that looks like a placeholder or a replacement pattern', () => {
      expect(fill('You said {time}', { time: '{name} $& $1' })).to.equal('You said {name} $& $1');
    });
  });

  describe('a mistake in data/messages.json stops the start, naming the file and the key', () => {
    const dirs: string[] = [];
    after(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    /** A copy of data/'s small files, with messages.json changed by `change`. */
    function dataWith(change: (messages: Record<string, Record<string, unknown>>) => void): string {
      const dir = mkdtempSync(join(tmpdir(), 'messages-'));
      dirs.push(dir);
      for (const name of readdirSync(fromRoot('data'))) {
        if (name.endsWith('.json') && name !== 'programs.json') copyFileSync(fromRoot(join('data', name)), join(dir, name));
      }
      cpSync(fromRoot(join('data', 'locales')), join(dir, 'locales'), { recursive: true });
      const messages = JSON.parse(readFileSync(join(dir, 'messages.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      change(messages);
      writeFileSync(join(dir, 'messages.json'), JSON.stringify(messages, null, 2));
      return dir;
    }
    const failure = (dir: string): string => {
      try {
        loadContent(dir);
      } catch (err) {
        expect(err).to.be.instanceOf(ContentError);
        return (err as Error).message;
      }
      return expect.fail('loaded');
    };

    it('an unknown placeholder ({name} where the code gives only {helpline})', () => {
      const dir = dataWith((m) => (m.callback!.saved = 'Thanks, {name}. We will call you at {phone} {when}.'));
      expect(failure(dir)).to.equal(
        `${join(dir, 'messages.json')}: callback.saved: unknown placeholder {name} (this text can use: {phone}, {when}, {helpline})`,
      );
    });

    it('a required placeholder left out (the consent must say the number it will call)', () => {
      const dir = dataWith((m) => (m.callback!.consent = 'Is it okay for our team to call you {when}? We delete it after {days} days.'));
      expect(failure(dir)).to.match(/messages\.json: callback\.consent: must contain \{phone\}$/);
    });

    it('a missing key, and a key the code does not know (a typo is both)', () => {
      expect(failure(dataWith((m) => delete m.forgetMe!.erased))).to.match(/messages\.json: forgetMe\.erased: /);
      expect(failure(dataWith((m) => (m.forgetMe!.erasd = 'Done.')))).to.match(/messages\.json: forgetMe: .*erasd/);
    });

    it('a chat message over 90 words, and a button label over 40 characters', () => {
      const long = Array.from({ length: 91 }, () => 'word').join(' ');
      expect(failure(dataWith((m) => (m.handoff!.connected = long)))).to.match(/handoff\.connected: must be at most 90 words$/);
      expect(failure(dataWith((m) => (m.talk!.callback = 'Please ask someone from the team to call me back')))).to.match(
        /talk\.callback: must be at most 40 characters$/,
      );
    });

    it('a crisis apology without 988 or 911', () => {
      const dir = dataWith((m) => (m.turnError!.crisisApology = 'Sorry, something went wrong. Please call {helpline}.'));
      expect(failure(dir)).to.match(/turnError\.crisisApology: must say 911$/);
    });

    it('content.json refuses a placeholder where its code supplies none', () => {
      const dir = dataWith(() => {});
      const text = JSON.parse(readFileSync(join(dir, 'content.json'), 'utf8')) as { cancelled: string };
      text.cancelled = 'Okay {name}, we have stopped that.';
      writeFileSync(join(dir, 'content.json'), JSON.stringify(text));
      expect(failure(dir)).to.match(/content\.json: cancelled: unknown placeholder \{name\} \(this text can use: none\)$/);
    });

    it('the server says "Cannot start: …" with the file and key, and exits 1', async function () {
      this.timeout(120_000);
      const dir = dataWith((m) => (m.talk!.offerCallback = 'I can ask {person} to call you back.'));
      const { done } = runTs('src/index.ts', { CONTENT_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
      const result = await done;
      expect(result.code, result.stderr).to.equal(1);
      const lines = result.stderr.split('\n').filter((l) => l.trim().length > 0 && !/DeprecationWarning|--trace-deprecation/.test(l));
      expect(lines).to.deep.equal([`Cannot start: ${join(dir, 'messages.json')}: talk.offerCallback: unknown placeholder {person} (this text can use: none)`]);
    });
  });

  describe('locales: English at data/, Spanish under data/locales/es/', () => {
    it('English is the default locale, at data/messages.json; Spanish at data/locales/es/messages.json', () => {
      expect(LOCALES).to.deep.equal(['en', 'es']);
      expect(DEFAULT_LOCALE).to.equal('en');
      expect(messagesPath('data')).to.equal(join('data', 'messages.json'));
      const spanish = messagesPath(fromRoot('data'), 'es');
      expect(spanish).to.equal(fromRoot(join('data', 'locales', 'es', 'messages.json')));
      expect(existsSync(spanish)).to.equal(true);
      expect(loadContent(fromRoot('data')).in('es').messages.forgetMe.yes).to.equal('Sí, bórralo');
    });

    it('a second locale is a file set under data/locales/<locale>/, validated the same way; a key it lacks reads in English and is named', () => {
      const dir = mkdtempSync(join(tmpdir(), 'locale-'));
      try {
        copyFileSync(fromRoot('data/messages.json'), join(dir, 'messages.json'));
        expect(() => loadMessages(dir, 'es')).to.throw(ContentError, /locales\/es\/messages\.json: file not found/);
        const spanish = JSON.parse(readFileSync(fromRoot('data/locales/es/messages.json'), 'utf8')) as { forgetMe: { yes?: string; no: string } };
        const esDir = join(dir, 'locales', 'es');
        mkdirSync(esDir, { recursive: true });
        // The same schema checks it: a placeholder English's text cannot take is refused.
        spanish.forgetMe.no = 'No, {nombre}';
        writeFileSync(join(esDir, 'messages.json'), JSON.stringify(spanish));
        expect(() => loadMessages(dir, 'es')).to.throw(ContentError, /locales\/es\/messages\.json: forgetMe\.no: unknown placeholder/);
        // A key it lacks is English's (and named in localeGaps, which locales.test.ts keeps empty for data/).
        spanish.forgetMe.no = 'No, guárdalo';
        delete spanish.forgetMe.yes;
        writeFileSync(join(esDir, 'messages.json'), JSON.stringify(spanish));
        const loaded = loadMessages(dir, 'es');
        expect(loaded.forgetMe.no).to.equal('No, guárdalo');
        expect(loaded.forgetMe.yes).to.equal('Yes, erase it');
        expect([...localeGaps]).to.include(`${join(esDir, 'messages.json')}: forgetMe.yes`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
