import { expect } from 'chai';
import { detectCrisis, readCrisis } from '../../src/domain/safety/crisisDetector.js';

/**
 * Known gaps of issue #15, each as a kind of message rather than one sentence:
 * opioid-only withdrawal is hard but not a 911 emergency; a small extra dose asked
 * about is a medication question; ordinary sentences with "blue", a pill organizer or
 * a crisis-line job are not a crisis; a rope in the room counts with hopelessness.
 */

const kindsOf = (text: string): string[] => detectCrisis(text)?.kinds ?? [];

describe('crisis detector: known gaps (#15)', () => {
  it('does not call opioid-only withdrawal with vomiting an emergency', () => {
    for (const text of [
      "in withdrawal from heroin and can't stop vomiting",
      "dope sick and can't stop puking",
      'coming off fentanyl and i cannot stop throwing up',
      "detoxing from oxy, can't stop vomiting all night",
    ]) expect(detectCrisis(text), text).to.equal(null);
  });

  it('keeps alcohol and benzo withdrawal with seizure, confusion, hallucinations or vomiting an emergency', () => {
    for (const text of [
      'withdrawing from xanax and had a seizure',
      "withdrawal from alcohol and i'm seeing things",
      "detoxing off alcohol and can't stop vomiting",
      "kicking heroin and alcohol and can't stop vomiting",
      'coming off fentanyl, cant stop throwing up and im seeing things',
      'heroin withdrawal and throwing up blood',
    ]) expect(kindsOf(text), text).to.include('medical_emergency');
  });

  it('reads a small extra dose asked about as a medication question, not suicide', () => {
    for (const text of [
      'took 2 extra seroquel to sleep, is that bad',
      "i took 3 more xanax than i'm supposed to, will i be ok",
      'took double my dose of trazodone is that safe',
    ]) expect(detectCrisis(text), text).to.equal(null);
  });

  it('still reads all the pills or a whole bottle as an attempt and an emergency', () => {
    for (const text of ['took all my pills', 'took the whole bottle', 'i took 30 seroquel', 'swallowed all my pills at once']) {
      expect(kindsOf(text), text).to.include.members(['medical_emergency', 'suicide_self_harm']);
    }
    expect(kindsOf('took 2 extra seroquel and now i cannot breathe')).to.include('medical_emergency');
  });

  it('does not alarm on colours, a pill organizer or working at a crisis line', () => {
    for (const text of [
      'the sky is blue',
      'my car is blue',
      'my lips are blue from the popsicle',
      'i took all my pills out and put them in my organizer',
      'i volunteer at a crisis line',
      'i volunteer for a suicide hotline',
      "i'm a crisis line volunteer and take calls from people who want to kill themselves",
    ]) expect(detectCrisis(text), text).to.equal(null);
  });

  it('still alarms on a person turning blue, swallowed organizer pills, asking for the line, and a volunteer in crisis', () => {
    for (const text of [
      "he's turning blue",
      'her lips are turning blue after she used',
      'took all my pills out of the organizer and swallowed them',
      'what is the suicide hotline number',
      'i work at a crisis line but i want to kill myself',
    ]) expect(detectCrisis(text), text).to.not.equal(null);
  });

  it('counts a rope in the room with hopelessness, in one message or two, and not alone', () => {
    expect(kindsOf('ya no tiene sentido nada, tengo una soga en el cuarto')).to.include('suicide_self_harm');
    for (const before of ['ya no tiene sentido nada', 'no le veo caso a nada', 'ya no sé para qué sigo', 'todo está perdido']) {
      for (const rope of ['tengo una soga en el cuarto', 'hay una cuerda colgada en mi cuarto']) {
        const first = readCrisis(before);
        expect(readCrisis(rope, first.carry).signal?.kinds ?? [], `${before} / ${rope}`).to.include('suicide_self_harm');
      }
    }
    for (const text of ['tengo una soga en el cuarto', 'tengo una soga en el cuarto para colgar la ropa', 'el libro no tiene sentido y tengo una soga en el cuarto']) {
      expect(detectCrisis(text), text).to.equal(null);
    }
    const neutral = readCrisis('hoy fui a la tienda');
    expect(readCrisis('tengo una soga en el cuarto', neutral.carry).signal).to.equal(null);
  });
});
