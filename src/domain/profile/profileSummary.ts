import type { Profile } from './profile.js';

/** Plain-language lines describing what the bot knows, for "what do you know about me". */
const CARE_STAGE: Record<NonNullable<Profile['careStage']>, string> = {
  not_started: 'you have not started treatment yet',
  in_detox: 'you are in detox now',
  finished_detox: 'you have finished detox',
  leaving_php: 'you are finishing a partial hospitalization program',
  leaving_residential: 'you are leaving residential rehab',
  in_iop: 'you are in an IOP now',
  not_sure: "you're not sure where you are in care",
};
const READINESS: Record<NonNullable<Profile['readiness']>, string> = {
  precontemplation: "you're not sure you want to change yet",
  contemplation: "you're thinking about it",
  preparation: "you're getting ready",
  action: "you're already making changes",
  maintenance: "you're keeping it going",
};
const label = (s: string): string => s.replace(/_/g, ' ');

export function describeProfile(profile: Profile): string[] {
  const lines: string[] = [];
  if (profile.careStage) lines.push(`Where you are: ${CARE_STAGE[profile.careStage]}`);
  if (profile.withdrawal && Object.values(profile.withdrawal).some((v) => v === true)) {
    lines.push('Withdrawal: you mentioned something that can make stopping risky');
  }
  if (profile.readiness) lines.push(`How ready you feel: ${READINESS[profile.readiness]}`);
  if (profile.responsibilities) {
    lines.push(`Responsibilities: ${profile.responsibilities.length ? profile.responsibilities.map(label).join(', ') : 'none mentioned'}`);
  }
  if (profile.workShift) lines.push(`Work shift: ${profile.workShift}`);
  if (profile.transport) lines.push(`Getting around: ${profile.transport === 'none' ? 'no reliable transport' : label(profile.transport)}`);
  if (profile.homeSafe) lines.push(`Home is a safe place to recover: ${label(profile.homeSafe)}`);
  if (profile.availability?.length) lines.push(`When you could attend: ${profile.availability.join(', ')}`);
  if (profile.format) lines.push(`In person or telehealth: ${label(profile.format)}`);
  if (profile.payment) lines.push(`Payment: ${label(profile.payment)}`);
  if (profile.language) lines.push(`Language: ${profile.language}`);
  if (profile.location) {
    const place = [profile.location.city, profile.location.state, profile.location.zip].filter(Boolean).join(' ');
    lines.push(`Location: ${place || 'set'}`);
  }
  if (profile.ageGroup) lines.push(`Age group: ${label(profile.ageGroup)}`);
  if (profile.interests) lines.push(`Interests: ${profile.interests.length ? profile.interests.join(', ') : 'none'}`);
  if (profile.coOccurring !== undefined) lines.push(`Support for mental health too: ${profile.coOccurring ? 'yes' : 'no'}`);
  return lines;
}
