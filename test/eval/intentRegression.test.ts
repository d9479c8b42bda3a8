import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/paths.js';
import { IntentBlindSet, measure, type Item } from './intentFirstContact.js';

/**
 * The blind intent and fact set, after its first-contact measure (README, "Listening on
 * language nobody tuned to"), moved into regression: the scorer's own reading
 * (test/eval/intentFirstContact.ts, the root dialog's order of reading) over
 * (a) the misses that were fixed, each of which must stay read entirely right, and
 * (b) the whole set as a ratchet.
 *
 * These are regression checks, NOT a measure: the sentences have been read by whoever
 * fixed them, so the figures below say nothing about language nobody tuned to. Raise a
 * floor when a change lifts a figure; never lower one to make a change pass.
 */
const load = (path: string): Item[] => IntentBlindSet.parse(JSON.parse(readFileSync(fromRoot(path), 'utf8'))).items;

/** Floors reached on the whole set after the fixes (regression check, not a measure). */
const FLOORS = {
  intent: 0.96,
  pending: 0.948,
  fields: {
    careStage: [0.925, 0.781],
    responsibilities: [0.923, 0.96],
    workShift: [0.87, 0.964],
    transport: [0.958, 0.958],
    availability: [0.892, 0.925],
    format: [0.952, 0.952],
    payment: [0.894, 0.98],
    zip: [1, 1],
    city: [0.978, 0.92],
    state: [1, 0.947],
    forWhom: [0.977, 0.934],
    age: [0.971, 0.829],
    gender: [1, 0.928],
    language: [1, 0.875],
  } as Record<string, [number, number]>,
};

describe('blind intent and fact set, as regression (not a measure)', function () {
  this.timeout(60000);

  it('reads every fixed miss entirely right: intent, every fact, the waiting question answered', () => {
    const items = load('test/eval/intent-regression.json');
    const figures = measure(items);
    const wrong = items.filter((_, i) => !figures.right[i]).map((item) => item.text);
    const misses = figures.lines.slice(figures.lines.indexOf('Misses:') + 1);
    expect(wrong, misses.join('\n')).to.deep.equal([]);
  });

  it('keeps the whole blind set at or above the figures reached after the fixes', () => {
    const figures = measure(load('test/eval/intent-blind-2026-12-07.json'));
    const below: string[] = [];
    const check = (name: string, value: number, floor: number): void => {
      if (value < floor) below.push(`${name}: ${(100 * value).toFixed(1)}% < floor ${(100 * floor).toFixed(1)}%`);
    };
    check('intent accuracy', figures.intent.ok / figures.intent.total, FLOORS.intent);
    check('answers to a waiting question understood', figures.pending.ok / figures.pending.total, FLOORS.pending);
    for (const [field, [precision, recall]] of Object.entries(FLOORS.fields)) {
      const got = figures.fields[field];
      expect(got, `field ${field} is scored`).to.not.equal(undefined);
      check(`${field} precision`, got?.precision ?? 0, precision);
      check(`${field} recall`, got?.recall ?? 0, recall);
    }
    expect(below, below.join('\n')).to.deep.equal([]);
  });
});
