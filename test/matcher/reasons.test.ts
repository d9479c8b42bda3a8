import { expect } from 'chai';
import { describeTrack, distanceReason, formatDays, interestsReason, languageReason, scheduleReason } from '../../src/domain/catalog/reasons.js';
import type { IopTrack } from '../../src/domain/catalog/schema.js';
import { content } from '../helpers/testBot.js';

/** The English texts of data/messages.json "reasons". */
const words = content.messages.reasons;

const evening: IopTrack = { days: ['thu', 'mon', 'wed'], start: '18:00', end: '21:00', hoursPerWeek: 9, format: 'in_person' };

describe('reasons', () => {
  const dayRows: Array<[Parameters<typeof formatDays>[0], string]> = [
    [['mon', 'wed', 'thu'], 'Mon/Wed/Thu'],
    [['mon', 'tue', 'wed', 'thu', 'fri'], 'Mon–Fri'],
    [['mon', 'tue', 'wed', 'sat'], 'Mon–Wed/Sat'],
    [['sat', 'sun'], 'Sat/Sun'],
  ];
  for (const [days, text] of dayRows) it(`writes ${days.join(',')} as ${text}`, () => expect(formatDays(days, words)).to.equal(text));

  it('describes tracks and why they fit', () => {
    expect(describeTrack({ ...evening, format: 'telehealth' }, words)).to.equal('evening telehealth groups Mon/Wed/Thu');
    expect(scheduleReason(evening, 'day_job', { relaxed: false, trackChoices: 1 }, words)).to.equal('evening groups Mon/Wed/Thu fit your day job');
    expect(scheduleReason(evening, 'none', { relaxed: false, trackChoices: 1 }, words)).to.equal('evening groups Mon/Wed/Thu');
    expect(scheduleReason(evening, 'day_job', { relaxed: true, trackChoices: 1 }, words)).to.contain('may not fit your week');
  });

  it('says distance, interests and language in plain words', () => {
    expect(distanceReason(0.4, words)).to.equal('less than a mile away');
    expect(distanceReason(1.2, words)).to.equal('about 1 mile away');
    expect(distanceReason(4.4, words)).to.equal('about 4 miles away');
    expect(interestsReason(['yoga', 'music'], words)).to.equal('offers music therapy, plus yoga');
    expect(interestsReason(['art', 'music', 'fitness'], words)).to.equal('offers art and music therapy, plus fitness');
    expect(interestsReason(['yoga', 'fitness'], words)).to.equal('offers yoga and fitness');
    expect(interestsReason(['wilderness'], words)).to.equal('offers wilderness therapy');
    expect(languageReason('es', words)).to.equal('offers services in Spanish');
  });
});
