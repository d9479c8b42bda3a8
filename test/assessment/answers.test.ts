import { expect } from 'chai';
import { applyAnswers } from '../../src/domain/assessment/applyAnswers.js';
import { parseAnswer } from '../../src/domain/assessment/answerParser.js';
import { AssessmentTextFile, loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import { claimsAnswer } from '../../src/domain/assessment/claims.js';
import { confirmationMessage } from '../../src/domain/assessment/confirmation.js';
import { controlOf } from '../../src/domain/assessment/controls.js';
import { extractAnswers } from '../../src/domain/assessment/freeText.js';
import { unmappedOptions } from '../../src/domain/assessment/optionCheck.js';
import { nextQuestion } from '../../src/domain/assessment/questions.js';
import { looksLikeQuestion } from '../../src/domain/assessment/textMatch.js';

const text = loadAssessmentText();
const q = text.questions;
const labels = { skip: text.messages.skipLabel, done: text.messages.doneLabel };

describe('assessment answers at their own question', () => {
  it('understands buttons, synonyms and whole sentences', () => {
    expect(parseAnswer('workShift', 'Nights', q.workShift)).to.deep.include({ kind: 'answer', own: ['night'], tapped: true });
    expect(parseAnswer('workShift', 'graveyard', q.workShift)).to.deep.include({ own: ['night'], tapped: false });
    expect(parseAnswer('transport', "I don't have a car", q.transport)).to.deep.include({ own: ['none'] });
    expect(parseAnswer('transport', 'I take the bus', q.transport)).to.deep.include({ own: ['transit'] });
    expect(parseAnswer('careStage', 'just got out of detox', q.careStage)).to.deep.include({ own: ['finished_detox'] });
    expect(parseAnswer('payment', 'I have Kaiser', q.payment)).to.deep.include({ own: ['private_insurance'] });
    expect(parseAnswer('language', 'vietnamese', q.language)).to.deep.include({ own: ['vi'] });
    expect(parseAnswer('language', 'Russian please', q.language)).to.deep.include({ own: ['ru'] });
  });

  it('takes "evenings and weekends" in one go, and "none" as an empty answer', () => {
    expect(parseAnswer('availability', 'evenings and weekends', q.availability)).to.deep.include({ own: ['evenings', 'weekends'], tapped: false });
    expect(parseAnswer('interests', 'None of these', q.interests)).to.deep.include({ own: ['none'] });
    expect(parseAnswer('availability', 'any time', q.availability)).to.deep.include({ own: ['any'] });
    // The hours at work are the hours they cannot come; "after work" is when they can.
    expect(parseAnswer('availability', 'I work days, so evenings', q.availability)).to.deep.include({ own: ['evenings'] });
    expect(parseAnswer('availability', 'mondays after work and sundays', q.availability)).to.deep.include({ own: ['evenings', 'weekends'] });
    // "I work ... part time" is not also a full-time job; the children's school is theirs.
    expect(parseAnswer('responsibilities', 'i work part time and my daughter is in school', q.responsibilities)).to.deep.include({ own: ['part_time_job', 'caregiving'] });
  });

  it('turns a bare age into an age group', () => {
    expect(parseAnswer('ageGroup', '19', q.ageGroup)).to.deep.include({ own: ['young_adult'] });
    expect(parseAnswer('ageGroup', '67', q.ageGroup)).to.deep.include({ own: ['senior'] });
    expect(parseAnswer('ageGroup', '3', q.ageGroup)).to.deep.equal({ kind: 'unrecognized' });
  });

  it('counts a "yes" anywhere in a screen answer', () => {
    expect(parseAnswer('heavyUse', 'no, but I take Xanax every night', q.heavyUse)).to.deep.include({ own: ['yes'] });
    expect(parseAnswer('heavyUse', 'not sure', q.heavyUse)).to.deep.include({ own: ['not_sure'] });
  });

  it('keeps facts about other questions even when this one is not answered', () => {
    const parsed = parseAnswer('homeSafe', 'I work nights', q.homeSafe);
    expect(parsed).to.deep.include({ kind: 'answer', own: [] });
    if (parsed.kind === 'answer') expect(parsed.answers.values).to.deep.equal({ workShift: ['night'] });
  });

  it('says what went wrong with a place', () => {
    expect(parseAnswer('location', '00000', q.location)).to.have.nested.property('problem.kind', 'unknown_zip');
    expect(parseAnswer('location', 'Springfield', q.location)).to.have.nested.property('problem.kind', 'ambiguous');
    expect(parseAnswer('location', 'Nowhereville', q.location)).to.have.nested.property('problem.kind', 'unknown');
    expect(parseAnswer('location', 'Portland, OR', q.location)).to.have.nested.property('answers.location.state', 'OR');
  });

  it('asks which language after "Another language"', () => {
    expect(parseAnswer('language', 'Another language', q.language)).to.deep.equal({ kind: 'other_language' });
  });

  it('does not understand what it cannot read', () => {
    for (const message of ['purple', 'asdfgh', '🙂']) expect(parseAnswer('transport', message, q.transport), message).to.deep.equal({ kind: 'unrecognized' });
  });
});

describe('assessment answers in the profile', () => {
  it('takes the latest single answer and flags the change', () => {
    const { profile, changes } = applyAnswers({ workShift: 'day' }, extractAnswers('I work nights'));
    expect(profile.workShift).to.equal('night');
    expect(confirmationMessage(changes, text, { gotIt: true })).to.equal("Got it: you work nights. You said day shift before; I've changed it to nights.");
  });

  it('adds several-answer facts said in passing, but replaces them at their own question', () => {
    const passing = applyAnswers({ responsibilities: ['school'] }, extractAnswers('I have two kids'));
    expect(passing.profile.responsibilities).to.deep.equal(['school', 'caregiving']);
    const own = applyAnswers({ responsibilities: ['school'] }, { values: { responsibilities: ['caregiving'] } }, new Set(['responsibilities']));
    expect(own.profile.responsibilities).to.deep.equal(['caregiving']);
  });

  it('says a moved location in words', () => {
    const before = { location: { zip: '97201', city: 'Portland', state: 'OR', latitude: 45.5, longitude: -122.7 } };
    const { changes } = applyAnswers(before, extractAnswers('actually I am in 10001'));
    expect(confirmationMessage(changes, text, { gotIt: false })).to.equal(
      "You said 97201 (Portland, OR) before; I've changed it to 10001 (New York, NY).",
    );
  });

  it('says nothing when nothing changed', () => {
    const { changes } = applyAnswers({ transport: 'car' }, extractAnswers('I have a car'));
    expect(changes).to.deep.equal([]);
    expect(confirmationMessage(changes, text, { gotIt: true })).to.equal(undefined);
  });

  it('confirms several facts in one sentence', () => {
    const { changes } = applyAnswers({}, extractAnswers('I work nights and have two kids, no car'));
    expect(confirmationMessage(changes, text, { gotIt: true })).to.equal(
      "Got it: you care for children or family, you work nights, and you don't have a car.",
    );
  });
});

describe('assessment order', () => {
  const progress = { mode: 'full' as const, skipped: [], confirmed: [] };

  it('asks the withdrawal screen before detox, and skips it after', () => {
    expect(nextQuestion({ careStage: 'not_started' }, progress)).to.equal('heavyUse');
    expect(nextQuestion({}, { ...progress, skipped: ['careStage'] })).to.equal('heavyUse');
    expect(nextQuestion({ careStage: 'finished_detox' }, progress)).to.equal('readiness');
    expect(nextQuestion({ careStage: 'in_iop' }, progress)).to.equal('responsibilities');
  });

  it('asks about shifts only of people who work', () => {
    const base = { careStage: 'leaving_php' as const, readiness: 'action' as const };
    expect(nextQuestion({ ...base, responsibilities: ['school'] }, { ...progress, confirmed: ['responsibilities'] })).to.equal('transport');
    expect(nextQuestion({ ...base, responsibilities: ['part_time_job'] }, { ...progress, confirmed: ['responsibilities'] })).to.equal('workShift');
  });

  it('asks only where and how to pay when looking for detox', () => {
    expect(nextQuestion({ careStage: 'not_started', withdrawal: { heavyUse: true } }, { ...progress, mode: 'detox' })).to.equal('location');
  });
});

describe('assessment input claims', () => {
  it('claims answers, so the root does not treat them as questions', () => {
    for (const message of ['I work nights', 'evenings', 'Medicaid', 'skip', 'back', 'start over', 'Done', 'no', '97201', 'Portland, OR', 'I have two kids']) {
      expect(claimsAnswer(message, text), message).to.equal(true);
    }
  });

  it('leaves questions and requests to the root', () => {
    for (const message of ['what is group therapy?', 'how much does it cost?', 'can I talk to a real person', 'help me find an IOP', 'talk to someone', 'do you take medicaid?', 'Hope']) {
      expect(claimsAnswer(message, text), message).to.equal(false);
    }
  });

  it('knows a question from an answer', () => {
    expect(looksLikeQuestion('can I go in the evenings')).to.equal(true);
    expect(looksLikeQuestion('can do evenings')).to.equal(false);
    expect(looksLikeQuestion('whatever works')).to.equal(false);
    // Spanish by its first words, without the question marks people leave out.
    expect(looksLikeQuestion('q es eso del iop, no entiendo')).to.equal(true);
    expect(looksLikeQuestion('dónde hay grupos cerca')).to.equal(true);
    expect(looksLikeQuestion('como a las 6 de la tarde')).to.equal(false);
    expect(looksLikeQuestion('donde vivo no hay camión')).to.equal(false);
  });

  it('reads controls exactly', () => {
    expect(controlOf('Skip', labels)).to.equal('skip');
    expect(controlOf('go back', labels)).to.equal('back');
    expect(controlOf('Start over!', labels)).to.equal('restart');
    expect(controlOf("that's it", labels)).to.equal('done');
    expect(controlOf('skip the group part', labels)).to.equal(undefined);
  });
});

describe('assessment text file', () => {
  it('every option value fits the profile', () => {
    expect(unmappedOptions(text)).to.deep.equal([]);
  });

  it('catches an option value the profile cannot store', () => {
    const broken = AssessmentTextFile.parse(structuredClone(text));
    const option = broken.questions.careStage.options[0];
    if (option) option.value = 'finshed_detox';
    expect(unmappedOptions(broken)).to.deep.equal(['questions.careStage: option "finshed_detox" does not fit the profile']);
  });
});
