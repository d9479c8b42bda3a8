import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CareLevel } from '../../src/domain/profile/careLevels.js';
import {
  CareRulesError,
  DEFAULT_CARE_RULES_PATH,
  evaluateGuidance,
  loadCareRules,
  parseCareRules,
  type CareRules,
} from '../../src/domain/guidance/careRules.js';
import { MAX_EXPLANATION_WORDS } from '../../src/domain/guidance/ruleSchema.js';
import type { Profile } from '../../src/domain/profile/profile.js';

const rules: CareRules = loadCareRules();
const rawRules = (): { version: number; rules: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(DEFAULT_CARE_RULES_PATH, 'utf8')) as { version: number; rules: Record<string, unknown>[] };

interface Row {
  name: string;
  profile: Profile;
  ruleIds: string[];
  levels: CareLevel[];
  iopAllowed: boolean;
  urgeHelplineNow: boolean;
  extras?: string[];
}

const noRisk = { heavyUse: false, symptomsWhenStopping: false, pastSeizuresOrDts: false };

const rows: Row[] = [
  // One row per rule.
  {
    name: 'heavy daily use before detox → detox first',
    profile: { careStage: 'not_started', withdrawal: { heavyUse: true } },
    ruleIds: ['withdrawal_risk_detox_first'],
    levels: ['detox'],
    iopAllowed: false,
    urgeHelplineNow: true,
  },
  {
    name: 'skipped the withdrawal screen → safety check first',
    profile: { careStage: 'not_started' },
    ruleIds: ['withdrawal_unknown_check_first'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: true,
  },
  {
    name: 'in detox, no warning signs → plan the IOP next',
    profile: { careStage: 'in_detox', withdrawal: noRisk },
    ruleIds: ['in_detox_plan_next'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['aftercare'],
  },
  {
    name: 'finished detox → IOP plus aftercare',
    profile: { careStage: 'finished_detox' },
    ruleIds: ['stepping_down_to_iop'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['aftercare'],
  },
  {
    name: 'already in an IOP → aftercare and relapse prevention',
    profile: { careStage: 'in_iop' },
    ruleIds: ['in_iop_aftercare'],
    levels: ['outpatient', 'intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['aftercare', 'relapse_prevention'],
  },
  {
    name: 'mild use with a full-time job → flexible IOP',
    profile: { careStage: 'not_started', withdrawal: noRisk, responsibilities: ['full_time_job'] },
    ruleIds: ['responsibilities_flexible_iop'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['evening_weekend_tracks', 'telehealth'],
  },
  {
    name: 'no risk, no responsibilities → IOP',
    profile: { careStage: 'not_sure', withdrawal: noRisk, responsibilities: [] },
    ruleIds: ['ready_to_start_iop'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: [],
  },
  {
    name: 'unsafe home only → sober living with general information',
    profile: { homeSafe: 'no' },
    ruleIds: ['not_enough_information', 'unsafe_home_sober_living'],
    levels: ['intensive_outpatient', 'residential'],
    iopAllowed: true,
    urgeHelplineNow: true,
    extras: ['sober_living'],
  },
  {
    name: 'nothing answered → general information and the helpline',
    profile: {},
    ruleIds: ['not_enough_information'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: true,
  },
  // Combinations.
  {
    name: 'finished detox + unsafe home → IOP + sober living',
    profile: { careStage: 'finished_detox', homeSafe: 'no' },
    ruleIds: ['stepping_down_to_iop', 'unsafe_home_sober_living'],
    levels: ['intensive_outpatient', 'residential'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['aftercare', 'sober_living'],
  },
  {
    name: 'leaving residential + unsafe home',
    profile: { careStage: 'leaving_residential', homeSafe: 'no' },
    ruleIds: ['stepping_down_to_iop', 'unsafe_home_sober_living'],
    levels: ['intensive_outpatient', 'residential'],
    iopAllowed: true,
    urgeHelplineNow: false,
  },
  {
    name: 'leaving partial hospitalization → IOP',
    profile: { careStage: 'leaving_php', withdrawal: { heavyUse: true } },
    ruleIds: ['stepping_down_to_iop'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
  },
  {
    name: 'in an IOP + unsafe home',
    profile: { careStage: 'in_iop', homeSafe: 'no' },
    ruleIds: ['in_iop_aftercare', 'unsafe_home_sober_living'],
    levels: ['outpatient', 'intensive_outpatient', 'residential'],
    iopAllowed: true,
    urgeHelplineNow: false,
  },
  {
    name: 'caregiver with no risk + unsafe home',
    profile: { careStage: 'not_started', withdrawal: noRisk, responsibilities: ['caregiving'], homeSafe: 'no' },
    ruleIds: ['responsibilities_flexible_iop', 'unsafe_home_sober_living'],
    levels: ['intensive_outpatient', 'residential'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['evening_weekend_tracks', 'telehealth', 'sober_living'],
  },
  // Precedence: the detox-first rule wins over everything else.
  {
    name: 'withdrawal risk + job + unsafe home → detox only',
    profile: {
      careStage: 'not_started',
      withdrawal: { symptomsWhenStopping: true, heavyUse: false },
      responsibilities: ['full_time_job'],
      homeSafe: 'no',
    },
    ruleIds: ['withdrawal_risk_detox_first'],
    levels: ['detox'],
    iopAllowed: false,
    urgeHelplineNow: true,
    extras: [],
  },
  {
    name: 'in detox with past seizures → detox first, not planning IOP',
    profile: { careStage: 'in_detox', withdrawal: { pastSeizuresOrDts: true } },
    ruleIds: ['withdrawal_risk_detox_first'],
    levels: ['detox'],
    iopAllowed: false,
    urgeHelplineNow: true,
  },
  {
    name: 'stage skipped but withdrawal risk → detox first',
    profile: { withdrawal: { heavyUse: true }, homeSafe: 'yes' },
    ruleIds: ['withdrawal_risk_detox_first'],
    levels: ['detox'],
    iopAllowed: false,
    urgeHelplineNow: true,
  },
  {
    name: 'not sure of stage with symptoms → detox first',
    profile: { careStage: 'not_sure', withdrawal: { symptomsWhenStopping: true }, responsibilities: ['school'] },
    ruleIds: ['withdrawal_risk_detox_first'],
    levels: ['detox'],
    iopAllowed: false,
    urgeHelplineNow: true,
  },
  {
    name: 'finished detox and safe home → no sober living',
    profile: { careStage: 'finished_detox', homeSafe: 'yes' },
    ruleIds: ['stepping_down_to_iop'],
    levels: ['intensive_outpatient'],
    iopAllowed: true,
    urgeHelplineNow: false,
    extras: ['aftercare'],
  },
];

describe('evaluateGuidance (data/care-rules.json)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const g = evaluateGuidance(row.profile, rules);
      expect(g.ruleIds).to.deep.equal(row.ruleIds);
      expect(g.levels).to.deep.equal(row.levels);
      expect(g.iopAllowed).to.equal(row.iopAllowed);
      expect(g.urgeHelplineNow).to.equal(row.urgeHelplineNow);
      if (row.extras) expect(g.extras).to.deep.equal(row.extras);
      expect(g.explanation).to.have.length(row.ruleIds.length);
    });
  }

  it('uses the built-in rules when none are passed', () => {
    expect(evaluateGuidance({ careStage: 'finished_detox' }).ruleIds).to.deep.equal(['stepping_down_to_iop']);
  });

  it('fills in the helpline number and takes the title from the main rule', () => {
    const g = evaluateGuidance({ careStage: 'not_started', withdrawal: { heavyUse: true } }, rules, { helplineNumber: '555-010-0000' });
    expect(g.title).to.equal('Safe detox comes first');
    expect(g.explanation.join(' ')).to.contain('555-010-0000').and.not.contain('{helpline}');
    const defaultNumber = evaluateGuidance({}, rules);
    expect(defaultNumber.explanation.join(' ')).to.contain('833-820-2922');
  });

  it('frames every explanation as guidance to confirm with a clinician, sized for chat', () => {
    for (const rule of rules.rules) {
      const text = rule.outcome.explanation;
      expect(text, rule.id).to.match(/\boften\b/i);
      expect(text, rule.id).to.match(/clinician|doctor|counselor|care team/i);
      expect(text.split(/\s+/).length, rule.id).to.be.at.most(MAX_EXPLANATION_WORDS);
    }
  });
});

/** Small deterministic generator so the property check is reproducible. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('detox-first property', () => {
  it('never allows IOP when any withdrawal flag is true and the person is not past detox', () => {
    const rand = seededRandom(20240531);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const flag = (): boolean | undefined => pick([true, false, undefined]);
    const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => rand() < 0.4);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const withdrawal = { heavyUse: flag(), symptomsWhenStopping: flag(), pastSeizuresOrDts: flag() };
      const profile: Profile = {
        careStage: pick(['not_started', 'in_detox', 'not_sure', undefined] as const),
        withdrawal,
        responsibilities: pick([undefined, subset(['full_time_job', 'part_time_job', 'school', 'caregiving'] as const)]),
        homeSafe: pick(['yes', 'no', 'not_sure', undefined] as const),
        workShift: pick(['day', 'evening', 'night', 'rotating', undefined] as const),
        readiness: pick(['precontemplation', 'contemplation', 'preparation', 'action', 'maintenance', undefined] as const),
        format: pick(['in_person', 'telehealth', 'either', undefined] as const),
        coOccurring: pick([true, false, undefined]),
      };
      const anyFlag = Object.values(withdrawal).includes(true);
      const g = evaluateGuidance(profile, rules);
      if (anyFlag) {
        checked++;
        expect(g.iopAllowed, JSON.stringify(profile)).to.equal(false);
        expect(g.urgeHelplineNow, JSON.stringify(profile)).to.equal(true);
        expect(g.levels, JSON.stringify(profile)).to.deep.equal(['detox']);
      } else {
        expect(g.iopAllowed, JSON.stringify(profile)).to.equal(true);
      }
    }
    expect(checked).to.be.greaterThan(1000);
  });
});

describe('loading care rules', () => {
  const withRule = (id: string, change: (rule: Record<string, unknown>) => void): unknown => {
    const file = rawRules();
    const rule = file.rules.find((r) => r.id === id);
    if (!rule) throw new Error(`test setup: no rule ${id}`);
    change(rule);
    return file;
  };

  const invalid: Array<{ name: string; json: () => unknown; message: RegExp }> = [
    {
      name: 'an unknown profile field',
      json: () => withRule('in_iop_aftercare', (r) => (r.when = { carestage: { eq: 'in_iop' } })),
      message: /unknown profile field "carestage"[\s\S]*rules\[\d+\]\.when\.carestage/,
    },
    {
      name: 'a value that is not a possible answer',
      json: () => withRule('in_iop_aftercare', (r) => (r.when = { careStage: { in: ['in_ipo'] } })),
      message: /"in_ipo" is not a possible answer for "careStage"/,
    },
    {
      name: 'an unknown operator',
      json: () => withRule('in_iop_aftercare', (r) => (r.when = { careStage: { equals: 'in_iop' } })),
      message: /unknown operator "equals"/,
    },
    {
      name: 'includesAny on a single-answer field',
      json: () => withRule('in_iop_aftercare', (r) => (r.when = { careStage: { includesAny: ['in_iop'] } })),
      message: /"includesAny" only applies to list fields/,
    },
    {
      name: 'a combinator mixed with a field',
      json: () => withRule('in_iop_aftercare', (r) => (r.when = { any: [{ homeSafe: { eq: 'no' } }], careStage: { eq: 'in_iop' } })),
      message: /"any" must be the only key/,
    },
    {
      name: 'an unknown level of care',
      json: () => withRule('in_iop_aftercare', (r) => ((r.outcome as Record<string, unknown>).levels = ['iop'])),
      message: /rules\[\d+\]\.outcome\.levels\[0\]/,
    },
    {
      name: 'a missing explanation',
      json: () => withRule('in_iop_aftercare', (r) => delete (r.outcome as Record<string, unknown>).explanation),
      message: /outcome\.explanation/,
    },
    {
      name: 'an explanation too long for chat',
      json: () => withRule('in_iop_aftercare', (r) => ((r.outcome as Record<string, unknown>).explanation = `People often ask a clinician. ${'word '.repeat(95)}`)),
      message: /at most 90 words/,
    },
    {
      name: 'an explanation that reads like a diagnosis',
      json: () => withRule('in_iop_aftercare', (r) => ((r.outcome as Record<string, unknown>).explanation = 'You need an IOP.')),
      message: /framed as what people often consider/,
    },
    {
      name: 'a duplicate priority',
      json: () => withRule('in_iop_aftercare', (r) => (r.priority = 70)),
      message: /priority 70 is already used by "stepping_down_to_iop"/,
    },
    {
      name: 'a duplicate id',
      json: () => withRule('in_iop_aftercare', (r) => (r.id = 'stepping_down_to_iop')),
      message: /duplicate id "stepping_down_to_iop"/,
    },
    {
      name: 'a misspelt key',
      json: () => withRule('in_iop_aftercare', (r) => (r.priorty = 3)),
      message: /priorty/,
    },
    {
      name: 'iopAllowed false with an outpatient level',
      json: () => withRule('withdrawal_risk_detox_first', (r) => ((r.outcome as Record<string, unknown>).levels = ['detox', 'intensive_outpatient'])),
      message: /iopAllowed is false, so levels must not include outpatient care/,
    },
    {
      name: 'the detox-first rule removed',
      json: () => {
        const file = rawRules();
        file.rules = file.rules.filter((r) => r.id !== 'withdrawal_risk_detox_first');
        return file;
      },
      message: /detox-first safety check failed/,
    },
    {
      name: 'the detox-first rule no longer exclusive',
      json: () => withRule('withdrawal_risk_detox_first', (r) => (r.exclusive = false)),
      message: /detox-first safety check failed[\s\S]*levels include outpatient care/,
    },
    {
      name: 'the detox-first rule allowing IOP',
      json: () => withRule('withdrawal_risk_detox_first', (r) => ((r.outcome as Record<string, unknown>).iopAllowed = true)),
      message: /detox-first safety check failed[\s\S]*iopAllowed is true/,
    },
  ];

  for (const row of invalid) {
    it(`rejects ${row.name} with a clear error`, () => {
      expect(() => parseCareRules(row.json())).to.throw(CareRulesError, row.message);
    });
  }

  it('reports unreadable and malformed files with their path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-rules-'));
    expect(() => loadCareRules(join(dir, 'missing.json'))).to.throw(CareRulesError, /Cannot read care rules at .*missing\.json/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "version": 1, ');
    expect(() => loadCareRules(broken)).to.throw(CareRulesError, /broken\.json are not valid JSON/);
  });

  it('sorts rules by priority regardless of file order', () => {
    const file = rawRules();
    file.rules.reverse();
    const parsed = parseCareRules(file);
    const priorities = parsed.rules.map((r) => r.priority);
    expect(priorities).to.deep.equal([...priorities].sort((a, b) => b - a));
    expect(evaluateGuidance({ careStage: 'finished_detox', homeSafe: 'no' }, parsed).ruleIds).to.deep.equal([
      'stepping_down_to_iop',
      'unsafe_home_sober_living',
    ]);
  });
});
