import { expect } from 'chai';
import { fitsWithin, planSchedule, trackMask } from '../../src/domain/catalog/scheduleFit.js';
import type { IopTrack, Weekday } from '../../src/domain/catalog/schema.js';
import type { Profile } from '../../src/domain/profile/profile.js';

const t = (days: Weekday[], start: string, end: string): IopTrack => ({ days, start, end, hoursPerWeek: 1, format: 'in_person' });
const weekdayMorning = t(['mon', 'wed', 'fri'], '09:00', '12:00');
const weekdayAfternoon = t(['mon', 'wed', 'fri'], '13:00', '16:00');
const earlyEvening = t(['tue', 'thu'], '17:00', '20:00');
const lateEvening = t(['tue', 'thu'], '19:00', '22:00');
const saturday = t(['sat'], '09:00', '13:00');
const afterSchool = t(['mon', 'tue'], '15:00', '17:00');
const nearlySix = t(['mon'], '17:50', '20:00');

interface Row {
  name: string;
  profile: Profile;
  inPerson: IopTrack[];
  notInPerson: IopTrack[];
  telehealth?: IopTrack[];
}

const rows: Row[] = [
  { name: 'no answers: everything fits', profile: {}, inPerson: [weekdayMorning, lateEvening, saturday], notInPerson: [] },
  { name: 'day job: evenings and weekends', profile: { responsibilities: ['full_time_job'] }, inPerson: [earlyEvening, lateEvening, saturday], notInPerson: [weekdayMorning, weekdayAfternoon] },
  { name: 'night shift: daytime', profile: { responsibilities: ['full_time_job'], workShift: 'night' }, inPerson: [weekdayMorning, weekdayAfternoon, earlyEvening, saturday], notInPerson: [lateEvening] },
  { name: 'evening shift: mornings and weekends', profile: { workShift: 'evening' }, inPerson: [weekdayMorning, saturday], notInPerson: [weekdayAfternoon, earlyEvening] },
  { name: 'school: after 15:00 and weekends', profile: { responsibilities: ['school'] }, inPerson: [afterSchool, lateEvening, saturday], notInPerson: [weekdayMorning] },
  {
    name: 'caregiver: in person only in school hours, telehealth any time',
    profile: { responsibilities: ['caregiving'] },
    inPerson: [weekdayMorning],
    notInPerson: [weekdayAfternoon, lateEvening, saturday],
    telehealth: [lateEvening, saturday, weekdayAfternoon],
  },
  { name: 'availability narrows: evenings only', profile: { availability: ['evenings'] }, inPerson: [earlyEvening, lateEvening, nearlySix], notInPerson: [weekdayMorning, saturday] },
  { name: 'availability: mornings or weekends', profile: { availability: ['mornings', 'weekends'] }, inPerson: [weekdayMorning, saturday], notInPerson: [lateEvening, weekdayAfternoon] },
  {
    name: 'day job and evenings-only availability',
    profile: { responsibilities: ['part_time_job'], workShift: 'day', availability: ['evenings'] },
    inPerson: [earlyEvening],
    notInPerson: [weekdayAfternoon, saturday],
  },
];

describe('scheduleFit', () => {
  for (const row of rows) {
    it(row.name, () => {
      const plan = planSchedule(row.profile);
      for (const track of row.inPerson) expect(fitsWithin(trackMask(track), plan.inPerson), `${track.days} ${track.start}`).to.equal(true);
      for (const track of row.notInPerson) expect(fitsWithin(trackMask(track), plan.inPerson), `${track.days} ${track.start}`).to.equal(false);
      for (const track of row.telehealth ?? []) expect(fitsWithin(trackMask(track), plan.telehealth), `telehealth ${track.start}`).to.equal(true);
    });
  }

  it('rounds sessions outwards: a 16:50 start does not fit a 17:00 day-job end', () => {
    const plan = planSchedule({ responsibilities: ['full_time_job'] });
    expect(fitsWithin(trackMask(t(['mon'], '16:50', '19:00')), plan.inPerson)).to.equal(false);
    expect(fitsWithin(trackMask(t(['mon'], '17:00', '19:00')), plan.inPerson)).to.equal(true);
  });

  it('names the situation that shapes the reason', () => {
    expect(planSchedule({ responsibilities: ['full_time_job'] }).situation).to.equal('day_job');
    expect(planSchedule({ workShift: 'rotating' })).to.include({ situation: 'rotating_shift', rotating: true });
    expect(planSchedule({ responsibilities: ['caregiving'] }).situation).to.equal('caregiving');
    expect(planSchedule({}).situation).to.equal('none');
  });
});
