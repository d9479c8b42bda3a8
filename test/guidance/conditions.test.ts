import { expect } from 'chai';
import { z } from 'zod';
import { evaluateCondition, parseCondition, type Condition } from '../../src/domain/guidance/conditions.js';
import type { Profile } from '../../src/domain/profile/profile.js';

const Cond = z.unknown().transform((raw, ctx): Condition => parseCondition(raw, ctx) ?? (z.NEVER as never));
const parse = (raw: unknown): Condition => Cond.parse(raw);

describe('condition language', () => {
  const cases: Array<{ condition: unknown; profile: Profile; expected: boolean }> = [
    { condition: { careStage: { eq: 'in_iop' } }, profile: { careStage: 'in_iop' }, expected: true },
    { condition: { careStage: { eq: 'in_iop' } }, profile: {}, expected: false },
    { condition: { careStage: { in: ['not_started', 'not_sure'] } }, profile: { careStage: 'not_sure' }, expected: true },
    { condition: { careStage: { in: ['not_started', 'not_sure'] } }, profile: { careStage: 'in_detox' }, expected: false },
    { condition: { careStage: { answered: false } }, profile: {}, expected: true },
    { condition: { careStage: { answered: true } }, profile: {}, expected: false },
    { condition: { 'withdrawal.heavyUse': { eq: true } }, profile: { withdrawal: { heavyUse: true } }, expected: true },
    { condition: { 'withdrawal.heavyUse': { eq: false } }, profile: { withdrawal: {} }, expected: false },
    { condition: { responsibilities: { includesAny: ['school', 'caregiving'] } }, profile: { responsibilities: ['caregiving'] }, expected: true },
    { condition: { responsibilities: { includesAny: ['school'] } }, profile: { responsibilities: ['full_time_job'] }, expected: false },
    { condition: { responsibilities: { isEmpty: true } }, profile: { responsibilities: [] }, expected: true },
    { condition: { responsibilities: { isEmpty: true } }, profile: {}, expected: false },
    { condition: { not: { homeSafe: { eq: 'no' } } }, profile: {}, expected: true },
    { condition: { any: [{ homeSafe: { eq: 'no' } }, { coOccurring: { eq: true } }] }, profile: { coOccurring: true }, expected: true },
    { condition: { all: [{ homeSafe: { eq: 'no' } }, { coOccurring: { eq: true } }] }, profile: { coOccurring: true }, expected: false },
    { condition: { homeSafe: { eq: 'no' }, coOccurring: { eq: true } }, profile: { homeSafe: 'no', coOccurring: true }, expected: true },
    { condition: { homeSafe: { eq: 'no' }, coOccurring: { eq: true } }, profile: { homeSafe: 'no' }, expected: false },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.condition)} on ${JSON.stringify(c.profile)} → ${c.expected}`, () => {
      expect(evaluateCondition(parse(c.condition), c.profile)).to.equal(c.expected);
    });
  }

  it('rejects empty conditions and empty lists', () => {
    expect(() => parse({})).to.throw(/at least one test/);
    expect(() => parse({ any: [] })).to.throw(/non-empty list of conditions/);
    expect(() => parse({ careStage: { in: [] } })).to.throw(/non-empty list of values/);
    expect(() => parse({ careStage: { eq: 'in_iop', in: ['in_iop'] } })).to.throw(/exactly one operator/);
  });
});
