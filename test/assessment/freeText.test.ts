import { expect } from 'chai';
import { applyAnswers } from '../../src/domain/assessment/applyAnswers.js';
import { extractAnswers } from '../../src/domain/assessment/freeText.js';
import type { Profile } from '../../src/domain/profile/profile.js';

/** What one message says about the person, as the profile it would produce on its own. */
const profileFrom = (message: string): Profile => applyAnswers({}, extractAnswers(message)).profile;

const portland = { zip: '97201', city: 'Portland', state: 'OR', latitude: 45.5078, longitude: -122.6897 };

const table: Array<[string, Profile]> = [
  ['I work nights and have two kids, no car', { workShift: 'night', responsibilities: ['caregiving'], transport: 'none' }],
  ["I finished detox last week and I take the bus", { careStage: 'finished_detox', transport: 'transit' }],
  ["I'm still drinking every day and I get the shakes", { careStage: 'not_started', withdrawal: { heavyUse: true, symptomsWhenStopping: true } }],
  ["I don't drink every day and I've never had a seizure", { withdrawal: { heavyUse: false, pastSeizuresOrDts: false } }],
  ['no benzos but I use heroin', { withdrawal: { heavyUse: true } }],
  ['I had the DTs once and I take xanax', { withdrawal: { heavyUse: true, pastSeizuresOrDts: true } }],
  ["I'm 34, I live in 97201 and I have medicaid", { ageGroup: 'adult', location: portland, payment: 'medicaid' }],
  ['I work full time and I am a single mom', { responsibilities: ['full_time_job', 'caregiving'] }],
  ['I work part time and go to college', { responsibilities: ['part_time_job', 'school'] }],
  ["I'm in an IOP now and I'm staying sober", { careStage: 'in_iop', readiness: 'maintenance' }],
  ['Leaving rehab next week, my husband still drinks', { careStage: 'leaving_residential', homeSafe: 'no' }],
  ["I'm finishing my PHP and I'm free evenings and weekends", { careStage: 'leaving_php', availability: ['evenings', 'weekends'] }],
  ['I work days, my shifts rotate sometimes', { workShift: 'rotating' }],
  ["I'm on medicare and I'm 70 years old", { payment: 'medicare', ageGroup: 'senior' }],
  ["I'm a veteran with depression", { payment: 'military', coOccurring: true }],
  ['hablo español y no tengo carro, no car', { language: 'es', transport: 'none' }],
  ['I prefer online sessions because I work evenings', { format: 'telehealth', workShift: 'evening' }],
  ["I'd rather go in person, I have a car", { format: 'in_person', transport: 'car' }],
  ["I have no insurance and I can't drive", { payment: 'free_or_sliding', transport: 'none' }],
  ['I have insurance through my job, I work 40 hours', { payment: 'private_insurance', responsibilities: ['full_time_job'] }],
  ["I'm thinking about quitting, I have anxiety", { readiness: 'contemplation', coOccurring: true }],
  ["I'm ready to start, I take care of my mom", { readiness: 'preparation', responsibilities: ['caregiving'] }],
  ['I already quit, been sober for two weeks', { readiness: 'action' }],
  ['I like yoga and music and I can only do mornings', { interests: ['music', 'yoga'], availability: ['mornings'] }],
  ["I'm into hiking, I work the graveyard shift", { interests: ['wilderness'], workShift: 'night' }],
  ["I'm 17 and in high school", { ageGroup: 'adolescent', responsibilities: ['school'] }],
  ["I'm 22, I'm a student and I take the train", { ageGroup: 'young_adult', responsibilities: ['school'], transport: 'transit' }],
  ['My roommates use, and I get dope sick when I stop', { homeSafe: 'no', withdrawal: { symptomsWhenStopping: true } }],
  ["I'm detoxing right now and I've had seizures before", { careStage: 'in_detox', withdrawal: { pastSeizuresOrDts: true } }],
  ["I don't have a car but I'm available weekends", { transport: 'none', availability: ['weekends'] }],
  ['I pay out of pocket and I have ptsd', { payment: 'self_pay', coOccurring: true }],
  ['I work nights, actually no, I work days', { workShift: 'day' }],
  ["I'm not depressed and I don't get sweats", { coOccurring: false, withdrawal: { symptomsWhenStopping: false } }],
  ['haven\'t started treatment, I drink a fifth a day', { careStage: 'not_started', withdrawal: { heavyUse: true } }],
];

describe('assessment free text: several answers from one message', () => {
  it('has a table of at least 30 messages', () => {
    expect(table.length).to.be.at.least(30);
  });

  for (const [message, expected] of table) {
    it(`"${message}"`, () => {
      expect(profileFrom(message)).to.deep.equal(expected);
    });
  }

  it('a "yes" to the screen wins over a "no" in the same message', () => {
    expect(profileFrom('no seizures, but I drink every day')).to.deep.equal({ withdrawal: { heavyUse: true, pastSeizuresOrDts: false } });
    expect(profileFrom("I don't take benzos. I use fentanyl.").withdrawal?.heavyUse).to.equal(true);
  });

  it('reads nothing into questions and small talk', () => {
    for (const message of ['what is group therapy?', 'hello', 'thanks', 'ok', 'help me find an IOP', 'my kids love music lessons']) {
      const found = extractAnswers(message);
      expect(found.location, message).to.equal(undefined);
      expect(Object.keys(found.values).filter((k) => k !== 'responsibilities'), message).to.deep.equal([]);
    }
  });

  it('does not read a time of work as a time to attend', () => {
    expect(profileFrom('I work nights').availability).to.equal(undefined);
    expect(profileFrom('I work evenings').availability).to.equal(undefined);
  });

  it('does not take "30 days sober" as an age', () => {
    expect(profileFrom("I'm 30 days sober").ageGroup).to.equal(undefined);
  });

  it('keeps "not sure" out of yes/no answers', () => {
    expect(profileFrom("I'm not sure if I've had a seizure").withdrawal).to.equal(undefined);
  });
});
