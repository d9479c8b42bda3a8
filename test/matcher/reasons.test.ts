import { expect } from 'chai';
import { describeTrack, distanceReason, formatDays, interestsReason, languageReason, scheduleReason } from '../../src/domain/catalog/reasons.js';
import type { IopTrack } from '../../src/domain/catalog/schema.js';

const evening: IopTrack = { days: ['thu', 'mon', 'wed'], start: '18:00', end: '21:00', hoursPerWeek: 9, format: 'in_person' };

describe('reasons', () => {
  const dayRows: Array<[Parameters<typeof formatDays>[0], string]> = [
    [['mon', 'wed', 'thu'], 'Mon/Wed/Thu'],
    [['mon', 'tue', 'wed', 'thu', 'fri'], 'Mon–Fri'],
    [['mon', 'tue', 'wed', 'sat'], 'Mon–Wed/Sat'],
    [['sat', 'sun'], 'Sat/Sun'],
  ];
  for (const [days, text] of dayRows) it(`writes ${days.join(',')} as ${text}`, () => expect(formatDays(days)).to.equal(text));

  it('describes tracks and why they fit', () => {
    expect(describeTrack({ ...evening, format: 'telehealth' })).to.equal('evening telehealth groups Mon/Wed/Thu');
    expect(scheduleReason(evening, 'day_job', { relaxed: false, trackChoices: 1 })).to.equal('evening groups Mon/Wed/Thu fit your day job');
    expect(scheduleReason(evening, 'none', { relaxed: false, trackChoices: 1 })).to.equal('evening groups Mon/Wed/Thu');
    expect(scheduleReason(evening, 'day_job', { relaxed: true, trackChoices: 1 })).to.contain('may not fit your week');
  });

  it('says distance, interests and language in plain words', () => {
    expect(distanceReason(0.4)).to.equal('less than a mile away');
    expect(distanceReason(1.2)).to.equal('about 1 mile away');
    expect(distanceReason(4.4)).to.equal('about 4 miles away');
    expect(interestsReason(['yoga', 'music'])).to.equal('offers music therapy, plus yoga');
    expect(interestsReason(['art', 'music', 'fitness'])).to.equal('offers art and music therapy, plus fitness');
    expect(interestsReason(['yoga', 'fitness'])).to.equal('offers yoga and fitness');
    expect(interestsReason(['wilderness'])).to.equal('offers wilderness therapy');
    expect(languageReason('es')).to.equal('offers services in Spanish');
  });
});
