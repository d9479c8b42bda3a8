import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Request } from 'playwright-core';
import { webChatRoutes } from '../../src/features/webchat/webChatRoutes.js';
import { startApp, type Running } from '../web/harness.js';
import {
  STEP_TIMEOUT_MS,
  botTexts,
  cardButton,
  launchChromium,
  programCallAction,
  requireChromium,
  send,
  startPartnerSite,
  violations,
  waitForBotText,
  walkToPrograms,
  watchedPage,
} from './helpers.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');

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
  const hosts: Array<{ server: Server; url: string }> = [];
  let allowedHost = '';
  let otherHost = '';

  before(async function () {
    requireChromium(this);
    mkdirSync(ARTIFACTS, { recursive: true });
    // Two sites on other ports (other origins): one allowed to embed the widget, one not.
    let appPort = 0;
    for (let i = 0; i < 2; i++) hosts.push(await startPartnerSite(() => appPort));
    allowedHost = hosts[0]?.url ?? '';
    otherHost = hosts[1]?.url ?? '';
    running = await startApp({ ALLOWED_ORIGINS: allowedHost }, {}, [webChatRoutes()]);
    appPort = Number(new URL(running.baseUrl).port);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    for (const host of hosts) host.server.close();
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
    await walkToPrograms(page);
    await programCallAction(page).scrollIntoViewIfNeeded();
    expect(await botTexts(page).then((t) => t.join(' '))).to.match(/programs that could fit/i);
    await page.screenshot({ path: resolve(ARTIFACTS, '03-call-action.png') });
    // Tapping it dials the number its card shows (on the button, or in the card when the button names the program), in E.164.
    const programCard = programCallAction(page).locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " webchat__adaptive-card-renderer ")][1]');
    const programNumber = /(\d{3})-(\d{3})-(\d{4})/.exec(await programCallAction(page).innerText()) ?? /(\d{3})-(\d{3})-(\d{4})/.exec(await programCard.innerText());
    expect(programNumber, 'the program card shows a number').to.not.equal(null);
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
