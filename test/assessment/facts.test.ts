import { expect } from 'chai';
import { applyFacts, readFacts } from '../../src/domain/assessment/facts.js';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';

/**
 * Facts read from sentences people write (#16): each row is a message and what must be kept
 * from it (answers as the assessment's option values, a place, who the help is for, an age).
 * Fields not named must stay empty, so a row also guards against reading too much.
 */
type Row = [text: string, expected: Record<string, unknown>];

const ROWS: Row[] = [
  ["I'm getting out of rehab on Friday, I'm in Tucson, I'd need evening groups", { careStage: 'leaving_residential', availability: ['evenings'], city: 'Tucson', state: 'AZ', forWhom: 'self' }],
  ['I just got out of detox last week', { careStage: 'finished_detox', forWhom: 'self' }],
  ['I work nights and have two kids, no car, on Medicaid', { workShift: 'night', responsibilities: ['caregiving'], transport: 'none', payment: 'medicaid' }],
  ['I just finished a 28 day program', { careStage: 'leaving_residential' }],
  ["I'm currently in an outpatient program", { careStage: 'in_iop', forWhom: 'self' }],
  // A person telling their own use or care, or asking for help for themself, is the one the help is for (set d, #16).
  ['my drinking has gotten worse this year', { forWhom: 'self' }],
  ['i need to get into detox', { forWhom: 'self' }],
  ['i think i have a problem with pills', { forWhom: 'self' }],
  // ...unless someone else is named or spoken of as he or she.
  ['i need help for my daughter', { forWhom: 'child', gender: 'woman' }],
  ["i need help, he won't stop drinking", {}],
  ['me preocupa mi forma de beber', { forWhom: 'self' }],
  ['llevo años tomando y ya me cansé', { forWhom: 'self' }],
  // Set d kinds (#16): care told another way, plans by their names, time words with "in the", a room with people.
  ['she got home from a 45 day inpatient stay last week', { careStage: 'leaving_residential', gender: 'woman' }],
  ['i just finished inpatient in ohio', { careStage: 'leaving_residential', forWhom: 'self', state: 'OH' }],
  ['we have husky in connecticut', { payment: 'medicaid', state: 'CT' }],
  ['my plan is molina', { payment: 'medicaid' }],
  ['I have aetna medicare advantage', { payment: 'medicare' }],
  ['only home on the weekends', { availability: ['weekends'] }],
  ['I would need something in the afternoon', { availability: ['daytime'] }],
  ["i'd rather be in a room with people", { format: 'in_person' }],
  ['single mom, I have three young kids', { responsibilities: ['caregiving'], gender: 'woman' }],
  ['can you switch this to spanish', { language: 'es' }],
  ['a friend of mine keeps relapsing and asked me to look', { forWhom: 'friend' }],
  ['we caught our son with pills', { forWhom: 'child', gender: 'man' }],
  ['what is the difference between php and residential', {}],
  ['ya terminé la desintox', { careStage: 'finished_detox' }],
  ['me dieron de alta del hospital de día', { careStage: 'leaving_php', forWhom: 'self' }],
  ['apenas estoy buscando', { careStage: 'not_started' }],
  ['limpio oficinas unas horas al día', { responsibilities: ['part_time_job'] }],
  ['a buddy of mine overdosed last week', { forWhom: 'friend' }],
  ["my wife only reads spanish and she's the one who needs a program", { forWhom: 'partner', gender: 'woman', language: 'es' }],
  ["my son's teacher called about his drinking", { forWhom: 'child', gender: 'man' }],
  ["BCBS through my husband's job", { payment: 'private_insurance' }],
  ['¿es gratis?', {}],
  ['tengo aseguranza privada por el trabajo', { payment: 'private_insurance' }],
  ['es para mi suegra, toma mucho', { forWhom: 'other_family', gender: 'woman' }],
  // "para mi familia" is for my family, not for me.
  ['tienen algo para mi familia', {}],
  ['es pa mi hermano', { forWhom: 'other_family', gender: 'man' }],
  ['I work 7pm to 7am', { workShift: 'night' }],
  ['I work 3 to 11', { workShift: 'evening' }],
  ['my license is suspended', { transport: 'none' }],
  ['weekends are best for me', { availability: ['weekends'] }],
  ["I'm free after 6pm", { availability: ['evenings'] }],
  ["I don't want to go in person", { format: 'telehealth' }],
  ['I have Medi-Cal', { payment: 'medicaid' }],
  ["I don't have insurance", { payment: 'free_or_sliding' }],
  ['I moved to 85716', { zip: '85716' }],
  ["actually I'm in Dayton", { city: 'Dayton', state: 'OH' }],
  ["I'm in NYC", { city: 'New York', state: 'NY' }],
  ["I'm in Arizona", { state: 'AZ' }],
  ['is there a program for my son', { forWhom: 'child', gender: 'man' }],
  ["my 15-year-old is drinking", { forWhom: 'child', age: 15, ageGroup: 'adolescent' }],
  ["my son is 16 and he's been vaping and smoking weed", { forWhom: 'child', age: 16, ageGroup: 'adolescent', gender: 'man' }],
  ['asking for my husband', { forWhom: 'partner', gender: 'man' }],
  ['do they offer Suboxone?', { medication: 'buprenorphine' }],
  ['Spanish please', { language: 'es' }],
  ["I'm a full-time student", { responsibilities: ['school'] }],
  // Not the person's own: the kids' school, a place word that is not a place, "about me".
  ['kids are at school then', {}],
  ['I need to talk to someone in person', {}],
  ['what do you know about me', {}],
  ['what is a day program', {}],
];

function flat(text: string): Record<string, unknown> {
  const f = readFacts(text);
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(f.answers.values)) {
    out[key] = key === 'responsibilities' || key === 'availability' || key === 'interests' ? values : values?.at(-1);
  }
  if (f.place?.zip) out.zip = f.place.zip;
  if (f.place?.city) out.city = f.place.city;
  if (f.place?.state) out.state = f.place.state;
  for (const key of ['forWhom', 'age', 'gender', 'medication'] as const) if (f[key] !== undefined) out[key] = f[key];
  return out;
}

describe('facts from any message (#16)', () => {
  for (const [text, expected] of ROWS) {
    it(`"${text}"`, () => expect(flat(text)).to.deep.equal(expected));
  }

  it('"I\'m not in school, my kids are" takes school out and keeps the children', () => {
    const { profile } = applyFacts({ responsibilities: ['school', 'part_time_job'] }, readFacts("I'm not in school, my kids are"));
    expect(profile.responsibilities).to.have.members(['part_time_job', 'caregiving']);
  });

  it('a waiting question reads its own short answers ("nights" at the shift question; "my son" at who it is for)', () => {
    const q = loadAssessmentText().questions.workShift;
    expect(readFacts('nights', { pending: 'workShift', question: q }).answers.values.workShift).to.deep.equal(['night']);
    expect(readFacts('my son', { pendingForWhom: true }).forWhom).to.equal('child');
    expect(readFacts('not me, my wife', { pendingForWhom: true }).forWhom).to.equal('partner');
    const text = loadAssessmentText();
    expect(readFacts("he's seventeen", { pending: 'ageGroup', question: text.questions.ageGroup }).age).to.equal(17);
    expect(readFacts('we both work', { pending: 'responsibilities', question: text.questions.responsibilities }).answers.values.responsibilities).to.deep.equal(['full_time_job']);
    expect(readFacts('after 6 on weekdays', { pending: 'availability', question: text.questions.availability }).answers.values.availability).to.deep.equal(['evenings']);
  });

  it('"he\'s 17" is the age of the person the help is for, once that is known', () => {
    expect(readFacts("he's 17", { knownForWhom: 'child' }).age).to.equal(17);
    expect(readFacts('she is fifteen', { knownForWhom: 'child' }).age).to.equal(15);
  });
});
