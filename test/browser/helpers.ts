/** What the browser tests share: a watched page, reading the bot's messages, and the walk to program cards. */
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Most buttons the walk to a call action may click. */
export const MAX_WALK_STEPS = 25;
export const STEP_TIMEOUT_MS = 20_000;

export interface CspViolation {
  directive: string;
  blocked: string;
}

/** Skips the suite (or fails it in CI) when Debian's Chromium is not installed. */
export function requireChromium(suite: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) before the browser tests`);
  console.warn(`\n    NOTICE: skipping the browser tests, ${CHROMIUM} is not installed (apt-get install -y chromium)\n`);
  suite.skip();
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A partner site on its own port (another origin) whose page loads the widget from the app at `appPort()`. */
export async function startPartnerSite(appPort: () => number): Promise<{ server: Server; url: string }> {
  const server = createServer((_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner site</title></head><body><main><h1>A partner site</h1>
<p>Some page content with <a href="#top">a link</a>.</p></main><script src="http://127.0.0.1:${appPort()}/widget.js" data-label="Questions about recovery? Chat with us"></script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A page that records CSP violations (in every frame) and every request that leaves localhost. */
export async function watchedPage(context: BrowserContext, external: string[]): Promise<Page> {
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: CspViolation[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      external.push(url.href);
      await route.abort();
      return;
    }
    await route.continue();
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    if (!/^wss?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(ws.url())) external.push(ws.url());
  });
  return page;
}

export async function violations(frame: Page | Frame): Promise<CspViolation[]> {
  return frame.evaluate(() => (window as unknown as { __csp: CspViolation[] }).__csp);
}

/** Bot message bubbles (not the person's), as text. */
export async function botTexts(frame: Page | Frame): Promise<string[]> {
  return frame.locator('.webchat__bubble:not(.webchat__bubble--from-user)').allInnerTexts();
}

export async function waitForBotText(frame: Page | Frame, pattern: RegExp, after = 0): Promise<string> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const found = (await botTexts(frame)).slice(after).find((t) => pattern.test(t));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no bot message matching ${pattern} (saw: ${(await botTexts(frame)).length} bot messages)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function send(frame: Page | Frame, text: string): Promise<void> {
  const input = frame.locator('.webchat__send-box-text-box__input');
  await input.fill(text);
  await input.press('Enter');
}

/** A program card's call button ("Call 555-010-0123" or "Call Cedar Treatment Center"): not the helpline's, 988's or 911's. */
export function programCallAction(frame: Page | Frame): Locator {
  return frame.locator('#webchat').locator('a[href^="tel:"], button', { hasText: /^\s*call\b/i }).filter({ hasNotText: /833-820-2922|\b988\b|\b911\b/ }).first();
}

/** The newest card button in the transcript with exactly this label. */
export function cardButton(frame: Page | Frame, label: string): Locator {
  return frame.locator('#webchat .webchat__adaptive-card-renderer').getByRole('button', { name: label, exact: true }).last();
}

/** From the welcome to program suggestions: "Find a program", "Finished detox", then skip every question until a program card with a call button shows. */
export async function walkToPrograms(frame: Page | Frame): Promise<void> {
  const findProgram = frame.locator('.webchat__suggested-action', { hasText: /find a program/i }).first();
  let seen: number;
  if (!(await findProgram.isVisible())) {
    seen = (await botTexts(frame)).length;
    await frame.locator('.webchat__suggested-action', { hasText: /menu/i }).first().click();
    await waitForBotText(frame, /./, seen);
  }
  seen = (await botTexts(frame)).length;
  await findProgram.click();
  await waitForBotText(frame, /./, seen);
  seen = (await botTexts(frame)).length;
  await frame.locator('.webchat__suggested-action', { hasText: /^finished detox$/i }).first().click();
  await waitForBotText(frame, /./, seen);
  let steps = 0;
  while (!(await programCallAction(frame).isVisible())) {
    steps += 1;
    if (steps > MAX_WALK_STEPS) throw new Error(`no program call action after ${MAX_WALK_STEPS} answers`);
    const skip = frame.locator('.webchat__suggested-action', { hasText: /^(skip|done)$/i }).first();
    const next = (await skip.isVisible()) ? skip : frame.locator('.webchat__suggested-action').first();
    await next.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    seen = (await botTexts(frame)).length;
    await next.click();
    await waitForBotText(frame, /./, seen);
  }
}
