import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import { COMMON_SECURITY_HEADERS } from '../webchat/contentSecurityPolicy.js';
import { StaticAsset } from '../webchat/staticAsset.js';

const words = z.string().min(1);
/** data/staff-page.json (and data/locales/es/staff-page.json): every word the staff page shows. */
export const StaffPageWords = z
  .object({
    title: words,
    intro: words,
    signIn: z.object({ heading: words, tokenLabel: words, button: words, refused: words, tooMany: words, unavailable: words }).strict(),
    list: z
      .object({
        caption: words,
        phone: words,
        bestTime: words,
        waiting: words,
        theirTime: words,
        attempts: words,
        actions: words,
        none: words,
        refresh: words,
        signOut: words,
        unknownZone: words,
        updated: words.refine((t) => t.includes('{time}') && t.includes('{count}'), 'needs {time} and {count}'),
      })
      .strict(),
    actions: z.object({ called: words, unreachable: words, calledDone: words, unreachableDone: words, gone: words, failed: words }).strict(),
    age: z.object({ minutes: words, hours: words, days: words }).strict(),
    attemptsNone: words,
    attemptsSome: words.refine((t) => t.includes('{n}') && t.includes('{age}'), 'needs {n} and {age}'),
  })
  .strict();
export type StaffPageWords = z.infer<typeof StaffPageWords>;

/**
 * The staff page's policy: this origin only, no inline script or style, nothing may frame
 * it, no form posts anywhere (the sign-in form is handled by the page's own script).
 */
export const STAFF_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Reads and checks the words; a missing or malformed file stops the start naming it. */
export function loadStaffPageWords(path: string): StaffPageWords {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot be read as JSON (${(error as Error).message})`);
  }
  const parsed = StaffPageWords.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The page in one language: the template filled once at start-up (it has no per-request parts). */
function renderPage(template: string, lang: string, w: StaffPageWords): string {
  const fill: Record<string, string> = {
    LANG: lang,
    TITLE: w.title,
    INTRO: w.intro,
    SIGN_IN_HEADING: w.signIn.heading,
    TOKEN_LABEL: w.signIn.tokenLabel,
    SIGN_IN_BUTTON: w.signIn.button,
    REFRESH: w.list.refresh,
    SIGN_OUT: w.list.signOut,
    CAPTION: w.list.caption,
    COL_PHONE: w.list.phone,
    COL_BEST_TIME: w.list.bestTime,
    COL_WAITING: w.list.waiting,
    COL_THEIR_TIME: w.list.theirTime,
    COL_ATTEMPTS: w.list.attempts,
    COL_ACTIONS: w.list.actions,
    NONE: w.list.none,
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    // JSON for the page's script, in a data block the browser never runs; "<" escaped so it cannot close the element.
    if (name === 'WORDS_JSON') return JSON.stringify(w).replace(/</g, '\\u003c');
    return name in fill ? escapeHtml(fill[name] ?? '') : whole;
  });
}

export interface StaffPageOptions {
  logger: Logger;
  dataDir?: string;
  webDir?: string;
}

/**
 * GET /staff: where helpline staff sign in with a staff token and work through callback
 * requests (the staff API does the work; this is the page and its two files). English, or
 * Spanish when the browser asks for it first. Off, like the API, without a staff token.
 */
export function registerStaffPage(server: Server, options: StaffPageOptions): void {
  const dataDir = options.dataDir ?? fromRoot('data');
  const webDir = options.webDir ?? fromRoot('web/staff');
  const template = readFileSync(resolve(webDir, 'staff.html'), 'utf8');
  const pages = new Map<string, string>([['en', renderPage(template, 'en', loadStaffPageWords(resolve(dataDir, 'staff-page.json')))]]);
  const spanish = resolve(dataDir, 'locales/es/staff-page.json');
  if (existsSync(spanish)) pages.set('es', renderPage(template, 'es', loadStaffPageWords(spanish)));
  const script = new StaticAsset(resolve(webDir, 'staff.js'), 'text/javascript; charset=utf-8', 300);
  const styles = new StaticAsset(resolve(webDir, 'staff.css'), 'text/css; charset=utf-8', 300);
  const headers = { ...COMMON_SECURITY_HEADERS, 'X-Frame-Options': 'DENY' };

  server.get('/staff', async (req: Request, res: Response) => {
    const first = String(req.headers['accept-language'] ?? '').split(',')[0]?.trim().slice(0, 2).toLowerCase();
    const lang = first && pages.has(first) ? first : 'en';
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // setHeader replaces the API's default policy (default-src 'none') with the page's.
    res.setHeader('Content-Security-Policy', STAFF_PAGE_POLICY);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept-Language');
    res.sendRaw(200, pages.get(lang) ?? '');
  });
  server.get('/staff/staff.js', async (req: Request, res: Response) => script.send(req, res, headers));
  server.get('/staff/staff.css', async (req: Request, res: Response) => styles.send(req, res, headers));
  options.logger.info({ event: 'staff_page_ready', languages: [...pages.keys()] }, 'staff page ready at /staff');
}
