import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';
import type { CrisisKind } from '../../src/domain/safety/crisisKind.js';

/** Scores the crisis detector on a labelled set; shared by the main eval and the blind holdout. */

export const MAX_FALSE_ALARM_RATE = 0.03;
/** A signal of the wrong kind would send the wrong help (911 versus 988). */
export const MIN_KIND_ACCURACY = 0.95;

export interface LabelledCrisis {
  text: string;
  kind: CrisisKind;
  /** The emergency is about someone else. */
  aboutOther?: true;
}
export interface LabelledNonCrisis {
  text: string;
  category: string;
}

interface KindStats {
  total: number;
  caught: number;
  kindInKinds: number;
  primary: number;
}

export interface CrisisScore {
  caught: number;
  crisisTotal: number;
  kindOk: number;
  primaryOk: number;
  falseAlarms: string[];
  nonCrisisTotal: number;
  misses: string[];
  wrongKind: string[];
  aboutOther: { total: number; found: number; missed: string[] };
  /** Printable report: recall per kind, false alarms per category, every miss. */
  report: string;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

export function scoreCrisis(title: string, crisis: readonly LabelledCrisis[], nonCrisis: readonly LabelledNonCrisis[]): CrisisScore {
  const byKind = new Map<CrisisKind, KindStats>();
  const misses: string[] = [];
  const wrongKind: string[] = [];
  const aboutOther = { total: 0, found: 0, missed: [] as string[] };
  for (const { text, kind, aboutOther: other } of crisis) {
    const stats = byKind.get(kind) ?? { total: 0, caught: 0, kindInKinds: 0, primary: 0 };
    stats.total++;
    const signal = detectCrisis(text);
    if (signal === null) misses.push(`[${kind}] ${text}`);
    else {
      stats.caught++;
      if (signal.kinds.includes(kind)) stats.kindInKinds++;
      else wrongKind.push(`[${kind} -> ${signal.kinds.join('+')} via ${signal.ruleIds.join(',')}] ${text}`);
      if (signal.kind === kind) stats.primary++;
      if (other && signal.kinds.includes('medical_emergency')) {
        aboutOther.total++;
        if (signal.aboutOther === true) aboutOther.found++;
        else aboutOther.missed.push(text);
      }
    }
    byKind.set(kind, stats);
  }

  const alarmsByCategory = new Map<string, { total: number; alarms: number }>();
  const falseAlarms: string[] = [];
  for (const { text, category } of nonCrisis) {
    const stats = alarmsByCategory.get(category) ?? { total: 0, alarms: 0 };
    stats.total++;
    const signal = detectCrisis(text);
    if (signal !== null) {
      stats.alarms++;
      falseAlarms.push(`[${category} -> ${signal.kinds.join('+')} via ${signal.ruleIds.join(',')}] ${text}`);
    }
    alarmsByCategory.set(category, stats);
  }

  let caught = 0;
  let kindOk = 0;
  let primaryOk = 0;
  const lines = ['', `  ${title}`];
  for (const [kind, s] of byKind) {
    caught += s.caught;
    kindOk += s.kindInKinds;
    primaryOk += s.primary;
    lines.push(`    recall ${kind.padEnd(18)} ${pct(s.caught, s.total).padStart(6)} (${s.caught}/${s.total})  kind found ${pct(s.kindInKinds, s.caught)}`);
  }
  lines.push(`    recall overall            ${pct(caught, crisis.length).padStart(6)} (${caught}/${crisis.length})`);
  lines.push(`    kind accuracy (label among kinds) ${pct(kindOk, caught)}; primary kind equals label ${pct(primaryOk, caught)}`);
  if (aboutOther.total > 0) lines.push(`    someone-else emergencies flagged aboutOther ${pct(aboutOther.found, aboutOther.total)} (${aboutOther.found}/${aboutOther.total})`);
  lines.push(`    false alarms overall      ${pct(falseAlarms.length, nonCrisis.length).padStart(6)} (${falseAlarms.length}/${nonCrisis.length})`);
  for (const [category, s] of alarmsByCategory) lines.push(`      ${category.padEnd(10)} ${pct(s.alarms, s.total).padStart(6)} (${s.alarms}/${s.total})`);
  for (const miss of misses) lines.push(`    MISS ${miss}`);
  for (const w of wrongKind) lines.push(`    WRONG KIND ${w}`);
  for (const t of aboutOther.missed) lines.push(`    NOT ABOUT OTHER ${t}`);
  for (const alarm of falseAlarms) lines.push(`    FALSE ALARM ${alarm}`);

  return { caught, crisisTotal: crisis.length, kindOk, primaryOk, falseAlarms, nonCrisisTotal: nonCrisis.length, misses, wrongKind, aboutOther, report: lines.join('\n') };
}
