/**
 * A time of day as people in the US read it: "19:30" → "7:30 pm". Catalog schedules and
 * meeting feeds store 24-hour times; cards show them this way in both languages (US Spanish
 * speakers say "7:30 pm" too).
 */
export function clockTime(hhmm: string): string {
  const hours = Number(hhmm.slice(0, 2));
  return `${hours % 12 === 0 ? 12 : hours % 12}:${hhmm.slice(3, 5)} ${hours < 12 ? 'am' : 'pm'}`;
}
