import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Frame, type Locator, type Page, type Request } from 'playwright-core';
import { webChatRoutes } from '../../src/web/webChatRoutes.js';
import { startApp, type Running } from '../web/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');
/** Most buttons the walk to a call action may click. */
const MAX_WALK_STEPS = 25;
const STEP_TIMEOUT_MS = 20_000;

interface CspViolation {
  directive: string;
  blocked: string;
}

/** A page that records CSP violations (in every frame) and every request that leaves localhost. */
async function watchedPage(context: BrowserContext, external: string[]): Promise<Page> {
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

async function violations(frame: Page | Frame): Promise<CspViolation[]> {
  return frame.evaluate(() => (window as unknown as { __csp: CspViolation[] }).__csp);
}

/** Bot message bubbles (not the person's), as text. */
async function botTexts(frame: Page | Frame): Promise<string[]> {
  return frame.locator('.webchat__bubble:not(.webchat__bubble--from-user)').allInnerTexts();
}

async function waitForBotText(frame: Page | Frame, pattern: RegExp, after = 0): Promise<string> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const found = (await botTexts(frame)).slice(after).find((t) => pattern.test(t));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no bot message matching ${pattern} (saw: ${(await botTexts(frame)).length} bot messages)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('.webchat__send-box-text-box__input');
  await input.fill(text);
  await input.press('Enter');
}

/** A program card's call button: a number other than the helpline's. */
function programCallAction(page: Page) {
  return page.locator('#webchat').locator('a[href^="tel:"], button', { hasText: /call\b.*\d{3}-\d{3}-\d{4}/i }).filter({ hasNotText: '833-820-2922' }).first();
}

/** The newest card button in the transcript with exactly this label. */
function cardButton(frame: Page | Frame, label: string): Locator {
  return frame.locator('#webchat .webchat__adaptive-card-renderer').getByRole('button', { name: label, exact: true }).last();
}

/**
 * Clicks a call button and returns every tel: URL the browser was asked to open.
 * Web Chat opens card actions with window.open; Chromium reports the navigation to a
 * tel: URL as a request of the browser context (it cannot load it, so nothing dials),
 * which is exactly what a phone would hand to its dialer. The popup it leaves is closed.
 */
async function telOpenedBy(context: BrowserContext, button: Locator): Promise<string[]> {
  const opened: string[] = [];
  const record = (request: Request) => {
    if (/^tel:/i.test(request.url())) opened.push(request.url());
  };
  const before = new Set(context.pages());
  context.on('request', record);
  try {
    await button.click();
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (opened.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // A second open from one click would show up here too.
    await new Promise((r) => setTimeout(r, 300));
    return opened;
  } finally {
    context.off('request', record);
    for (const p of context.pages()) if (!before.has(p)) await p.close();
  }
}

describe('web chat page in headless Chromium', function () {
  let running: Running;
  let browser: Browser;
  const external: string[] = [];
  const hosts: Server[] = [];
  let allowedHost = '';
  let otherHost = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) before the browser tests`);
      console.warn(`\n    NOTICE: skipping the browser tests, ${CHROMIUM} is not installed (apt-get install -y chromium)\n`);
      this.skip();
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    // Two sites on other ports (other origins): one allowed to embed the widget, one not.
    const hostPage = (port: () => number) => (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Partner site</title></head><body><h1>A partner site</h1>
<p>Some page content.</p><script src="http://127.0.0.1:${port()}/widget.js" data-label="Questions about recovery? Chat with us"></script></body></html>`);
    };
    let appPort = 0;
    for (let i = 0; i < 2; i++) {
      const host = createServer(hostPage(() => appPort));
      await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
      hosts.push(host);
    }
    const [allowed, other] = hosts.map((h) => `http://127.0.0.1:${(h.address() as AddressInfo).port}`);
    allowedHost = allowed ?? '';
    otherHost = other ?? '';
    running = await startApp({ ALLOWED_ORIGINS: allowedHost }, {}, [webChatRoutes()]);
    appPort = Number(new URL(running.baseUrl).port);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    for (const host of hosts) host.close();
  });

  it('welcomes, explains group therapy, walks to a call action and answers a crisis with 988', async function () {
    // The walk clicks up to MAX_WALK_STEPS answers; each waits for the bot.
    this.timeout(6 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await watchedPage(context, external);
    await page.goto(`${running.baseUrl}/`);

    // The helpline and emergency numbers are on the page, outside the chat.
    await expect(await page.locator('header a[href="tel:+18338202922"]').innerText()).to.match(/833-820-2922/);
    expect(await page.locator('aside a[href="tel:988"]').count()).to.equal(1);
    expect(await page.locator('aside a[href="tel:911"]').count()).to.equal(1);

    await waitForBotText(page, /recovery guide/i);
    await waitForBotText(page, /988/);
    await page.screenshot({ path: resolve(ARTIFACTS, '01-welcome.png') });

    let seen = (await botTexts(page)).length;
    await send(page, 'what is group therapy?');
    await waitForBotText(page, /group/i, seen);
    await page.screenshot({ path: resolve(ARTIFACTS, '02-group-therapy.png') });

    // Find a program: say where we are in care, then skip the rest, until program cards with a call action show.
    const findProgram = page.locator('.webchat__suggested-action', { hasText: /find a program/i }).first();
    if (!(await findProgram.isVisible())) {
      seen = (await botTexts(page)).length;
      await page.locator('.webchat__suggested-action', { hasText: /menu/i }).first().click();
      await waitForBotText(page, /./, seen);
    }
    seen = (await botTexts(page)).length;
    await findProgram.click();
    await waitForBotText(page, /./, seen);
    seen = (await botTexts(page)).length;
    await page.locator('.webchat__suggested-action', { hasText: /^finished detox$/i }).first().click();
    await waitForBotText(page, /./, seen);
    let steps = 0;
    while (!(await programCallAction(page).isVisible())) {
      steps += 1;
      if (steps > MAX_WALK_STEPS) throw new Error(`no program call action after ${MAX_WALK_STEPS} answers`);
      const skip = page.locator('.webchat__suggested-action', { hasText: /^(skip|done)$/i }).first();
      const next = (await skip.isVisible()) ? skip : page.locator('.webchat__suggested-action').first();
      await next.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      seen = (await botTexts(page)).length;
      await next.click();
      await waitForBotText(page, /./, seen);
    }
    await programCallAction(page).scrollIntoViewIfNeeded();
    expect(await botTexts(page).then((t) => t.join(' '))).to.match(/programs that could fit/i);
    await page.screenshot({ path: resolve(ARTIFACTS, '03-call-action.png') });
    // Tapping it dials the number it names, in E.164.
    const programNumber = /(\d{3})-(\d{3})-(\d{4})/.exec(await programCallAction(page).innerText());
    expect(programNumber, 'the program call button names a number').to.not.equal(null);
    expect(await telOpenedBy(context, programCallAction(page))).to.deep.equal([`tel:+1${programNumber!.slice(1).join('')}`]);

    seen = (await botTexts(page)).length;
    await send(page, 'i want to kill myself');
    await waitForBotText(page, /988/, seen);
    await page.screenshot({ path: resolve(ARTIFACTS, '04-crisis.png') });

    expect(await violations(page)).to.deep.equal([]);
    await context.close();
  });

  it('every call button in the chat opens the number it names', async function () {
    this.timeout(4 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await watchedPage(context, external);
    await page.goto(`${running.baseUrl}/`);
    await waitForBotText(page, /recovery guide/i);

    // The helpline card ("Talk to someone now").
    let seen = (await botTexts(page)).length;
    await page.locator('.webchat__suggested-action', { hasText: /^talk to someone now$/i }).first().click();
    await waitForBotText(page, /833-820-2922/, seen);
    expect(await telOpenedBy(context, cardButton(page, 'Call 833-820-2922'))).to.deep.equal(['tel:+18338202922']);

    // The crisis card for suicidal thoughts: 988 and the helpline.
    seen = (await botTexts(page)).length;
    await send(page, 'i want to kill myself');
    await waitForBotText(page, /988/, seen);
    expect(await telOpenedBy(context, cardButton(page, 'Call or text 988'))).to.deep.equal(['tel:988']);
    expect(await telOpenedBy(context, cardButton(page, 'Our 24/7 helpline'))).to.deep.equal(['tel:+18338202922']);
    await context.close();

    // The crisis card for a medical emergency, in a new conversation: 911 first.
    const emergency = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page2 = await watchedPage(emergency, external);
    await page2.goto(`${running.baseUrl}/`);
    await waitForBotText(page2, /recovery guide/i);
    seen = (await botTexts(page2)).length;
    await send(page2, "my friend took too much and isn't breathing");
    await waitForBotText(page2, /911/, seen);
    await page2.screenshot({ path: resolve(ARTIFACTS, '04b-emergency.png') });
    expect(await telOpenedBy(emergency, cardButton(page2, 'Call 911'))).to.deep.equal(['tel:911']);
    expect(await violations(page2)).to.deep.equal([]);
    await emergency.close();
  });

  it('fits a phone screen, with the helpline visible', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await watchedPage(context, external);
    await page.goto(`${running.baseUrl}/`);
    await waitForBotText(page, /recovery guide/i);
    expect(await page.locator('header a[href^="tel:"]').isVisible()).to.equal(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no sideways scrolling').to.be.at.most(0);
    await page.screenshot({ path: resolve(ARTIFACTS, '05-phone.png') });
    expect(await violations(page)).to.deep.equal([]);
    await context.close();
  });

  it('opens from the widget button on an allowed site, and cannot be framed by another site', async function () {
    this.timeout(3 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await watchedPage(context, external);
    await page.goto(`${allowedHost}/`);
    const button = page.getByRole('button', { name: /chat with us/i });
    expect(await button.getAttribute('aria-expanded')).to.equal('false');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).to.equal('true');
    const frame = page.frameLocator('iframe[title="Recovery guide chat"]');
    await frame.locator('.webchat__bubble').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const chatFrame = page.frames().find((f) => f.url().startsWith(`${running.baseUrl}/?embed=1`));
    expect(chatFrame, 'the chat frame').to.not.equal(undefined);
    if (!chatFrame) return;
    await waitForBotText(chatFrame, /recovery guide/i);
    expect(await chatFrame.locator('header a[href^="tel:"]').isVisible()).to.equal(true);
    await page.screenshot({ path: resolve(ARTIFACTS, '06-widget.png') });
    expect(await violations(chatFrame)).to.deep.equal([]);
    // The helpline card's call button dials from inside the widget's frame too.
    const seen = (await botTexts(chatFrame)).length;
    await chatFrame.locator('.webchat__suggested-action', { hasText: /^talk to someone now$/i }).first().click();
    await waitForBotText(chatFrame, /833-820-2922/, seen);
    expect(await telOpenedBy(context, cardButton(chatFrame, 'Call 833-820-2922'))).to.deep.equal(['tel:+18338202922']);
    // Escape inside the chat frame closes the panel (the frame tells the host page) and focus returns to the button.
    await chatFrame.locator('.webchat__send-box-text-box__input').focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('button[aria-controls]')?.getAttribute('aria-expanded') === 'false', undefined, { timeout: STEP_TIMEOUT_MS });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).to.equal('recovery-guide-chat-panel');

    // Another origin is not in frame-ancestors: the browser refuses to show the chat there.
    const other = await context.newPage();
    await other.goto(`${otherHost}/`);
    await other.getByRole('button', { name: /chat with us/i }).click();
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let blocked = false;
    while (!blocked && Date.now() < deadline) {
      const frame = other.frames().find((f) => f !== other.mainFrame());
      // Chromium replaces a frame refused by frame-ancestors with its error page.
      blocked = frame !== undefined && frame.url().startsWith('chrome-error:');
      if (!blocked) await new Promise((r) => setTimeout(r, 100));
    }
    expect(blocked, 'the chat frame on a site not in ALLOWED_ORIGINS is blocked').to.equal(true);
    await context.close();
  });

  it('made no request outside localhost', () => {
    expect(external).to.deep.equal([]);
  });
});
