/**
 * Turns a chat message into lower-case word tokens the way people actually type:
 * curly quotes, apostrophes dropped ("what's" -> "whats"), a few texting
 * abbreviations expanded. Very long messages keep their start and end, where
 * people put the question, so cost stays bounded for pasted walls of text.
 */

/** Characters kept from each end of an over-long message. */
const EDGE_CHARS = 1000;

/** Texting shorthand that would otherwise look like typos or unknown words. */
const SHORTHAND: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
  u: ['you'],
  ur: ['your'],
  r: ['are'],
  pls: ['please'],
  plz: ['please'],
  pleas: ['please'],
  ppl: ['people'],
  wanna: ['want', 'to'],
  gonna: ['going', 'to'],
  gotta: ['got', 'to'],
  bout: ['about'],
  abt: ['about'],
  cuz: ['because'],
  cause: ['because'],
  rn: ['right', 'now'],
  n: ['and'],
  '&': ['and'],
  w: ['with'],
  thru: ['through'],
  tho: ['though'],
  idk: ['i', 'dont', 'know'],
  ya: ['you'],
  yr: ['your'],
  whats: ['what', 'is'],
  wats: ['what', 'is'],
  wat: ['what'],
  wut: ['what'],
  }),
);

export function clipLongText(text: string): string {
  if (text.length <= EDGE_CHARS * 2) return text;
  return `${text.slice(0, EDGE_CHARS)} ${text.slice(-EDGE_CHARS)}`;
}

export function tokenize(text: string): string[] {
  const cleaned = clipLongText(text)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/'/g, '')
    .replace(/\$/g, ' dollars ')
    .replace(/(\d)\s*[:/]\s*(\d)/g, '$1 $2');
  const tokens: string[] = [];
  for (const raw of cleaned.split(/[^a-z0-9&]+/)) {
    if (raw.length === 0) continue;
    // A Map, not an object: typed words like "constructor" must not hit Object.prototype.
    const expanded = SHORTHAND.get(raw);
    if (expanded) tokens.push(...expanded);
    else tokens.push(raw);
  }
  return tokens;
}
