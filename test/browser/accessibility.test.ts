/**
 * WCAG 2.2 AA in a real browser: axe-core finds nothing on the page or in the widget, at
 * desktop and phone sizes, in the welcome, the program results and a crisis reply; and
 * what axe cannot judge (focus you can see, focus kept in the phone's full-screen panel,
 * Escape in a message, reflow at 400% zoom, a crisis reply scrolled into view) is checked
 * by keyboard and geometry.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, BrowserContextOptions, Frame, Locator, Page } from 'playwright-core';
import { webChatRoutes } from '../../src/features/webchat/webChatRoutes.js';
import { startApp, type Running } from '../web/harness.js';
import { axeViolations, describeViolations, type AxeViolation } from './axe.js';
import { STEP_TIMEOUT_MS, botTexts, launchChromium, programCallAction, requireChromium, send, startPartnerSite, violations, waitForBotText, walkToPrograms, watchedPage } from './helpers.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');
/** SCREENSHOTS=docs writes the screenshots to docs/screenshots/ (for the docs) instead of test/artifacts/. */
const SHOTS = process.env.SCREENSHOTS === 'docs' ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots') : ARTIFACTS;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const CRISIS = 'I want to kill myself';

/** The crisis reply's activity in the transcript. */
function crisisBubbleActivity(frame: Page | Frame): Locator {
  return frame.locator('.webchat__basic-transcript__activity', { hasText: /Suicide & Crisis Lifeline/ }).last();
}

/** Where the crisis reply sits against the part of the transcript that can be seen. */
async function crisisPlacement(frame: Page | Frame): Promise<{ top: number; numbersBottom: number; viewTop: number; viewBottom: number }> {
  const bubble = frame.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: /Suicide & Crisis Lifeline/ }).last();
  return bubble.evaluate((el) => {
    const view = document.querySelector('.webchat__basic-transcript__scrollable')!.getBoundingClientRect();
    const numbers = Array.from(el.querySelectorAll('p')).find((p) => /\b988\b/.test(p.textContent ?? ''));
    return {
      top: el.getBoundingClientRect().top,
      numbersBottom: numbers ? numbers.getBoundingClientRect().bottom : Number.POSITIVE_INFINITY,
      viewTop: view.top,
      viewBottom: view.bottom,
    };
  });
}

/**
 * Waits until the conversation is still: no new bot message and no scrolling in the
 * transcript for half a second (replies come as several messages; Web Chat scrolls with an
 * animation). A ceiling, not a timed assertion.
 */
async function waitStill(frame: Page | Frame): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = '';
  let still = 0;
  while (still < 5 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await frame.evaluate(() => {
      const scrollable = document.querySelector('.webchat__basic-transcript__scrollable');
      return `${document.querySelectorAll('.webchat__bubble').length}:${scrollable ? scrollable.scrollTop : -1}`;
    });
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** Keyboard into a message: focus the transcript, arrow up to the message matching `text`, Enter. */
async function enterActivity(frame: Page | Frame, text: RegExp): Promise<void> {
  const transcript = frame.locator('.webchat__basic-transcript');
  await transcript.focus();
  const page = 'page' in frame ? frame.page() : frame;
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('ArrowUp');
    const selected = await transcript.evaluate((el) => {
      const id = el.getAttribute('aria-activedescendant');
      return (id && document.getElementById(id)?.closest('.webchat__basic-transcript__activity')?.textContent) || '';
    });
    if (text.test(selected)) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`no message matching ${text} above the end of the transcript`);
}

const RING_MARGIN = 8;

/** A screenshot of an element and 8px around it (where a focus ring outside it would be). */
async function shotAround(page: Page, element: Locator): Promise<Buffer> {
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  if (!box) throw new Error('element not shown');
  return page.screenshot({ clip: { x: box.x - RING_MARGIN, y: box.y - RING_MARGIN, width: box.width + 2 * RING_MARGIN, height: box.height + 2 * RING_MARGIN } });
}

/**
 * The sides of a control along which focus changed what you see: within 8px either side
 * of its edge, over most of the middle half of that side. A ring cut off by a container
 * shows on one side or none. The two screenshots are compared in a blank page's canvas.
 */
async function ringSides(context: BrowserContext, before: Buffer, after: Buffer): Promise<string[]> {
  const lab = await context.newPage();
  try {
    return await lab.evaluate(
      async ({ shots, margin }) => {
        const [a, b] = await Promise.all(
          shots.map(async (base64) => {
            const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const ctx = canvas.getContext('2d')!;
            ctx.drawImage(bitmap, 0, 0);
            return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
          }),
        );
        if (!a || !b || a.width !== b.width || a.height !== b.height) return ['(sizes differ)'];
        const { width: w, height: h } = a;
        const changed = new Uint8Array(w * h);
        for (let i = 0; i < w * h; i++) {
          const d = Math.abs(a.data[4 * i]! - b.data[4 * i]!) + Math.abs(a.data[4 * i + 1]! - b.data[4 * i + 1]!) + Math.abs(a.data[4 * i + 2]! - b.data[4 * i + 2]!);
          changed[i] = d > 60 ? 1 : 0;
        }
        const band = 2 * margin;
        const sides: Array<[string, boolean, number, number]> = [
          ['top', true, 0, band],
          ['right', false, w - band, w],
          ['bottom', true, h - band, h],
          ['left', false, 0, band],
        ];
        const found: string[] = [];
        for (const [side, horizontal, from, to] of sides) {
          const length = horizontal ? w : h;
          let hits = 0;
          let total = 0;
          for (let along = Math.floor(length / 4); along < Math.ceil((3 * length) / 4); along++) {
            total += 1;
            for (let across = Math.max(0, from); across < to; across++) {
              if (horizontal ? changed[across * w + along] : changed[along * w + across]) {
                hits += 1;
                break;
              }
            }
          }
          if (hits >= 0.6 * total) found.push(side);
        }
        return found;
      },
      { shots: [before.toString('base64'), after.toString('base64')], margin: RING_MARGIN },
    );
  } finally {
    await lab.close();
  }
}

/** True when the element's centre is not under anything else (it is in the viewport and nothing covers it). */
async function uncovered(element: Locator): Promise<boolean> {
  return element.evaluate((el) => {
    // The first box: a link broken over two lines has two, and the middle of both is between them.
    const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
    const at = document.elementFromPoint(x, y);
    return at !== null && (at === el || el.contains(at));
  });
}

/** WCAG contrast ratio of two rgb()/rgba() colors. */
function contrast(a: string, b: string): number {
  const lum = (css: string): number => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe('accessibility (WCAG 2.2 AA) in headless Chromium', function () {
  let running: Running;
  let browser: Browser;
  let partner: { server: Server; url: string };
  const external: string[] = [];

  before(async function () {
    requireChromium(this);
    mkdirSync(SHOTS, { recursive: true });
    let appPort = 0;
    partner = await startPartnerSite(() => appPort);
    running = await startApp({ ALLOWED_ORIGINS: partner.url }, {}, [webChatRoutes()]);
    appPort = Number(new URL(running.baseUrl).port);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    partner?.server.close();
  });

  /** Waits for layout after a resize (two frames), so axe and screenshots see the new size. */
  async function settle(page: Page): Promise<void> {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await new Promise((r) => setTimeout(r, 250));
  }

  /**
   * axe at desktop and phone size in one state; the documents scanned are the page and,
   * for the widget, the chat frame inside it. Screenshots of both sizes go to SHOTS.
   */
  async function scanState(page: Page, name: string, documents: Record<string, Page | Frame>, found: Record<string, AxeViolation[]>, show?: Locator): Promise<void> {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await settle(page);
      if (show) {
        // Web Chat may draw the message again as the turn finishes (typing indicator gone, a
        // late activity): the element found can be replaced while scrolling. Settle and find it again.
        await show.scrollIntoViewIfNeeded().catch(async () => {
          await settle(page);
          await show.scrollIntoViewIfNeeded();
        });
      }
      for (const [label, doc] of Object.entries(documents)) {
        found[`${name} ${size} ${label}`] = await axeViolations(doc);
        // axe does not judge reflow: no message text may be wider than the strip it scrolls in.
        const sideways = await doc.evaluate(() =>
          Array.from(document.querySelectorAll('#webchat .webchat__carousel-filmstrip'))
            .flatMap((strip) => Array.from(strip.querySelectorAll('.webchat__bubble')).filter((b) => b.getBoundingClientRect().width > strip.clientWidth))
            .map((b) => (b.textContent ?? '').slice(0, 60)),
        );
        if (sideways.length) found[`${name} ${size} ${label}`]!.push({ id: 'text-wider-than-chat (1.4.10)', impact: 'serious', help: 'Message text is wider than the chat and runs off the side', targets: sideways });
      }
      await page.screenshot({ path: resolve(SHOTS, `${name.replace(/ /g, '-')}-${size}.png`) });
    }
    await page.setViewportSize(DESKTOP);
    await settle(page);
  }

  /** The chat page in a new browser context, once the welcome has arrived. */
  async function openChatPage(options: BrowserContextOptions = { viewport: DESKTOP }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await watchedPage(context, external);
    await page.goto(`${running.baseUrl}/`);
    await waitForBotText(page, /recovery guide/i);
    return { context, page };
  }

  /**
   * The axe scan of a whole conversation, in the states a person meets in turn: the welcome,
   * program results (a program's call button in view) and a crisis reply, each at desktop and
   * phone size. `chat` is where the conversation is (the page, or the widget's frame inside
   * `page`); `documents` are what is scanned. Nothing may be found, and nothing may break the CSP.
   */
  async function scanConversation(page: Page, name: string, chat: Page | Frame, documents: Record<string, Page | Frame>): Promise<void> {
    await waitForBotText(chat, /recovery guide/i);
    await waitForBotText(chat, /988/);
    const found: Record<string, AxeViolation[]> = {};
    await scanState(page, `${name} welcome`, documents, found);
    await walkToPrograms(chat);
    await scanState(page, `${name} results`, documents, found, programCallAction(chat));
    const seen = (await botTexts(chat)).length;
    await send(chat, CRISIS);
    await waitForBotText(chat, /988/, seen);
    await scanState(page, `${name} crisis`, documents, found);
    expect(Object.values(found).flat(), describeViolations(found)).to.deep.equal([]);
    expect(await violations(chat)).to.deep.equal([]);
  }

  it('the chat page: no axe violations in the welcome, program results and a crisis reply, at 1280×800 and 390×844', async function () {
    this.timeout(8 * STEP_TIMEOUT_MS);
    const { context, page } = await openChatPage();
    await scanConversation(page, 'page', page, { page });
    await context.close();
  });

  it('the widget: no axe violations on the host page or in the chat, in the welcome, program results and a crisis reply, at 1280×800 and 390×844', async function () {
    this.timeout(8 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await watchedPage(context, external);
    await page.goto(`${partner.url}/`);
    await page.getByRole('button', { name: /chat with us/i }).click();
    const chat = await chatFrame(page);
    await scanConversation(page, 'widget', chat, { host: page, chat });
    await context.close();
  });

  /** The widget's chat frame, once it has loaded. */
  async function chatFrame(page: Page): Promise<Frame> {
    await page.frameLocator('iframe[title="Recovery guide chat"]').locator('.webchat__bubble').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const frame = page.frames().find((f) => f.url().startsWith(`${running.baseUrl}/?embed=1`));
    if (!frame) throw new Error('no chat frame');
    return frame;
  }

  it('the header call button is named by its visible label (2.5.3), 911 and 988 are 44×44 targets, and the keyboard order, skip link, live region and Enter on suggested actions work', async function () {
    this.timeout(4 * STEP_TIMEOUT_MS);
    const { context, page } = await openChatPage();
    // The accessible name starts with what the button shows, so "Call 833-820-2922" said to voice control finds it.
    const call = page.locator('header a.call-button');
    const visible = (await call.locator('.call-label').innerText()).trim();
    const snapshot = await call.ariaSnapshot();
    const name = /^- link "([^"]*)"/.exec(snapshot)?.[1] ?? snapshot;
    expect(visible).to.equal('Call 833-820-2922');
    expect(name.startsWith(visible), `accessible name "${name}" starts with "${visible}"`).to.equal(true);

    // 911 and 988 are big enough to hit (2.5.8 asks 24×24; axe passes links inside a sentence whatever their size).
    for (const number of ['911', '988']) {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        const box = await page.locator(`aside a[href="tel:${number}"]`).boundingBox();
        expect(box?.width, `${number} at ${viewport.width}px is 44px wide`).to.be.at.least(44);
        expect(box?.height, `${number} at ${viewport.width}px is 44px tall`).to.be.at.least(44);
      }
    }
    await page.setViewportSize(DESKTOP);

    // Tab order: skip link, the helpline, 911, 988; the skip link moves focus to the chat.
    const stops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim()));
    }
    expect(stops).to.deep.equal(['Skip to the chat', 'Call 833-820-2922 Free · 24/7 · a real person', '911', '988']);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('chat');

    // Every message is announced: the live region gets the crisis reply.
    await page.evaluate(() => {
      const w = window as unknown as { __announced: string[] };
      w.__announced = [];
      new MutationObserver((records) => {
        for (const record of records) {
          const region = (record.target as Element).closest?.('[aria-live]') ?? record.target.parentElement?.closest('[aria-live]');
          if (region) for (const node of Array.from(record.addedNodes)) w.__announced.push(node.textContent ?? '');
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    let seen = (await botTexts(page)).length;
    await send(page, CRISIS);
    await waitForBotText(page, /safe right now/i, seen);
    const announced = await page.evaluate(() => (window as unknown as { __announced: string[] }).__announced.join(' '));
    expect(announced).to.match(/988/);

    // Suggested actions answer Enter: Tab from the message box back to them.
    await page.locator('.webchat__send-box-text-box__input').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('webchat__suggested-action'))).to.equal(true);
    seen = (await botTexts(page)).length;
    await page.keyboard.press('Enter');
    await waitForBotText(page, /./, seen);
    expect(await violations(page)).to.deep.equal([]);
    await context.close();
  });

  it('shows keyboard focus on card buttons, links in messages and the message box, drawn where the card cannot cut it off (2.4.7)', async function () {
    this.timeout(4 * STEP_TIMEOUT_MS);
    const { context, page } = await openChatPage();
    const seen = (await botTexts(page)).length;
    await send(page, CRISIS);
    await waitForBotText(page, /safe right now/i, seen);
    await settle(page);

    // What each control looks like without focus, then focused from the keyboard.
    const crisis = crisisBubbleActivity(page);
    const controls = crisis.locator('a[href], button');
    const count = await controls.count();
    expect(count, 'the crisis reply has a link and call buttons').to.be.at.least(3);
    const unfocused: Buffer[] = [];
    for (let i = 0; i < count; i++) unfocused.push(await shotAround(page, controls.nth(i)));
    await enterActivity(page, /Suicide & Crisis Lifeline/);
    for (let i = 0; i < count; i++) {
      if (i > 0) await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      const label = (await focused.innerText()).trim();
      expect(await focused.evaluate((el, other) => el === other, await controls.nth(i).elementHandle()), `Tab reaches ${label}`).to.equal(true);
      const shot = await shotAround(page, focused);
      expect(await ringSides(context, unfocused[i]!, shot), `${label}: a ring shows on every side with keyboard focus`).to.deep.equal(['top', 'right', 'bottom', 'left']);
      const style = await focused.evaluate((el) => {
        const cs = getComputedStyle(el);
        return { tag: el.tagName, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), offset: parseFloat(cs.outlineOffset) };
      });
      expect(style.outline, `${label} has an outline`).to.equal('solid');
      // The card's button row cuts off anything outside a button.
      if (style.tag === 'BUTTON') expect(style.offset, `${label}'s ring is drawn inside it`).to.be.at.most(-style.width);
    }
    await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-card-button-focus.png') });

    // The message box: more than a caret (screenshots hide the caret).
    const box = page.locator('.webchat__send-box-text-box');
    await page.locator('.webchat__suggested-action').first().focus();
    const before = await shotAround(page, box);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('webchat__send-box-text-box__input'))).to.equal(true);
    expect(await ringSides(context, before, await shotAround(page, box)), 'the message box shows a ring with focus').to.deep.equal(['top', 'right', 'bottom', 'left']);
    await context.close();
  });

  it('at 200% and 400% zoom the footer and its helpline stay uncovered, nothing scrolls sideways, and a crisis reply leaves the conversation in view (1.4.10, 2.4.11)', async function () {
    this.timeout(4 * STEP_TIMEOUT_MS);
    // 1280×800 at 200% and at 400% zoom is a 640×400 and a 320×200 CSS-pixel viewport.
    for (const [zoom, viewport] of [['200%', { width: 640, height: 400 }], ['400%', { width: 320, height: 200 }]] as const) {
      const { context, page } = await openChatPage({ viewport });
      const seen = (await botTexts(page)).length;
      await send(page, CRISIS);
      await waitForBotText(page, /safe right now/i, seen);
      await waitStill(page);
      const g = await page.evaluate(() => {
        const chat = document.querySelector('.chat')!.getBoundingClientRect();
        const footer = document.querySelector('.site-footer')!.getBoundingClientRect();
        const transcript = document.querySelector('.webchat__basic-transcript__scrollable')!;
        const actions = document.querySelector('.webchat__suggested-actions')!.getBoundingClientRect();
        return {
          sideways: document.documentElement.scrollWidth - window.innerWidth,
          chatBottom: chat.bottom,
          footerTop: footer.top,
          transcript: transcript.clientHeight,
          actions: actions.height,
        };
      });
      expect(g.sideways, `${zoom}: no sideways scrolling`).to.be.at.most(0);
      expect(g.chatBottom, `${zoom}: the chat ends above the footer`).to.be.at.most(g.footerTop + 0.5);
      expect(g.actions, `${zoom}: suggested actions take at most 40% of the height`).to.be.at.most(0.4 * viewport.height);
      expect(g.transcript, `${zoom}: the conversation keeps a quarter of the height`).to.be.at.least(0.25 * viewport.height);
      // The crisis reply's start is in the part of the transcript you can see.
      const inView = await crisisPlacement(page);
      expect(inView.top, `${zoom}: the crisis reply starts in view`).to.be.within(inView.viewTop - 1, inView.viewBottom - 16);
      // The footer's helpline link can be scrolled to and nothing lies on it.
      const helpline = page.locator('footer a[href^="tel:"]');
      await helpline.scrollIntoViewIfNeeded();
      expect(await uncovered(helpline), `${zoom}: the footer helpline link is not covered`).to.equal(true);
      // Keyboard focus is not hidden (2.4.11): the message box and every suggested action, reached by keyboard.
      await page.locator('.webchat__send-box-text-box__input').focus();
      expect(await uncovered(page.locator(':focus')), `${zoom}: the message box is not covered`).to.equal(true);
      await page.keyboard.press('Shift+Tab');
      const actionCount = await page.locator('.webchat__suggested-action').count();
      for (let i = 0; i < actionCount; i++) {
        if (i > 0) await page.keyboard.press('ArrowRight');
        const focused = page.locator(':focus');
        expect(await focused.evaluate((el) => el.classList.contains('webchat__suggested-action'))).to.equal(true);
        expect(await uncovered(focused), `${zoom}: suggested action ${i + 1} is not covered when focused`).to.equal(true);
      }
      await page.screenshot({ path: resolve(ARTIFACTS, `a11y-zoom-${zoom.replace('%', '')}.png`) });
      expect(await violations(page)).to.deep.equal([]);
      await context.close();
    }
  });

  for (const where of ['page', 'widget'] as const) {
    it(`on a phone (390×844), a crisis reply arrives with its start and its numbers in view (${where})`, async function () {
      this.timeout(3 * STEP_TIMEOUT_MS);
      const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await watchedPage(context, external);
      let chat: Page | Frame = page;
      if (where === 'page') await page.goto(`${running.baseUrl}/`);
      else {
        await page.goto(`${partner.url}/`);
        await page.getByRole('button', { name: /chat with us/i }).click();
        chat = await chatFrame(page);
      }
      await waitForBotText(chat, /recovery guide/i);
      // A few turns first, so the transcript is already longer than its view.
      let seen = (await botTexts(chat)).length;
      await send(chat, 'what is group therapy?');
      await waitForBotText(chat, /group/i, seen);
      await waitStill(chat);
      seen = (await botTexts(chat)).length;
      await send(chat, CRISIS);
      await waitForBotText(chat, /safe right now/i, seen);
      await waitStill(chat);
      const placed = await crisisPlacement(chat);
      expect(placed.top, 'the crisis reply starts inside the visible transcript').to.be.within(placed.viewTop - 1, placed.viewBottom - 16);
      expect(placed.numbersBottom, 'its line with 988 and 911 is in view').to.be.at.most(placed.viewBottom + 1);
      await page.screenshot({ path: resolve(ARTIFACTS, `a11y-phone-crisis-${where}.png`) });
      await context.close();
    });
  }

  it('widget: Escape inside a message leaves the message, not the chat; the Close button shows a ring of at least 3:1', async function () {
    this.timeout(3 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await watchedPage(context, external);
    await page.goto(`${partner.url}/`);
    const toggle = page.getByRole('button', { name: /chat with us/i });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const chat = await chatFrame(page);
    await waitForBotText(chat, /recovery guide/i);
    const seen = (await botTexts(chat)).length;
    await send(chat, CRISIS);
    await waitForBotText(chat, /safe right now/i, seen);
    await enterActivity(chat, /Suicide & Crisis Lifeline/);
    expect(await chat.evaluate(() => document.activeElement?.closest('.webchat__basic-transcript__activity') !== null), 'focus is inside the message').to.equal(true);
    // Web Chat's keyboard model: Escape in a message goes back to the transcript.
    await page.keyboard.press('Escape');
    await new Promise((r) => setTimeout(r, 300));
    expect(await toggle.getAttribute('aria-expanded'), 'the panel stays open').to.equal('true');
    expect(await chat.evaluate(() => document.activeElement?.classList.contains('webchat__basic-transcript'))).to.equal(true);
    // From the message box, Escape closes the panel and focus goes back to its button.
    await chat.locator('.webchat__send-box-text-box__input').focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('button[aria-controls]')?.getAttribute('aria-expanded') === 'false', undefined, { timeout: STEP_TIMEOUT_MS });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).to.equal('recovery-guide-chat-panel');

    // The Close button's keyboard ring against the title bar it sits on (1.4.11).
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'a link' }).focus();
    await page.keyboard.press('Tab');
    const close = page.getByRole('button', { name: 'Close the chat' });
    expect(await close.evaluate((el) => el === document.activeElement)).to.equal(true);
    const ring = await close.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor, bar: getComputedStyle(el.parentElement!).backgroundColor };
    });
    expect(ring.style).to.equal('solid');
    expect(ring.width).to.be.at.least(2);
    expect(contrast(ring.color, ring.bar), `ring ${ring.color} on ${ring.bar}`).to.be.at.least(3);
    await context.close();
  });

  it('widget on a phone: the full-screen panel is a modal dialog that keeps Tab and Shift+Tab inside it', async function () {
    this.timeout(3 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await watchedPage(context, external);
    await page.goto(`${partner.url}/`);
    await page.getByRole('button', { name: /chat with us/i }).tap();
    const chat = await chatFrame(page);
    await waitForBotText(chat, /recovery guide/i);
    const dialog = page.getByRole('dialog', { name: 'Recovery guide chat' });
    expect(await dialog.getAttribute('aria-modal')).to.equal('true');
    const box = await dialog.boundingBox();
    expect(box).to.deep.include({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });

    const close = page.getByRole('button', { name: 'Close the chat' });
    const inPanel = () => page.evaluate(() => document.getElementById('recovery-guide-chat-panel')!.contains(document.activeElement));
    // Shift+Tab from Close goes round to the end of the chat (its send button), not to the page behind.
    await close.focus();
    await page.keyboard.press('Shift+Tab');
    await chat.waitForFunction(() => document.activeElement?.getAttribute('title') === 'Send', undefined, { timeout: STEP_TIMEOUT_MS });
    expect(await inPanel()).to.equal(true);
    // Tab from there comes back to Close.
    await page.keyboard.press('Tab');
    expect(await close.evaluate((el) => el === document.activeElement), 'Tab after the last element is Close').to.equal(true);
    // And round and round, both ways, focus never reaches the page behind.
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 24; i++) {
        await page.keyboard.press(key);
        await new Promise((r) => setTimeout(r, 30));
        expect(await inPanel(), `${key} ×${i + 1} stays in the panel`).to.equal(true);
      }
    }
    await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-widget-phone-modal.png') });
    await context.close();
  });

  it('widget at 200% zoom (640×400): the panel fills the screen as a modal dialog rather than floating in a strip of it', async function () {
    this.timeout(2 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: { width: 640, height: 400 } });
    const page = await watchedPage(context, external);
    await page.goto(`${partner.url}/`);
    await page.getByRole('button', { name: /chat with us/i }).click();
    const chat = await chatFrame(page);
    await waitForBotText(chat, /recovery guide/i);
    const dialog = page.getByRole('dialog', { name: 'Recovery guide chat' });
    expect(await dialog.getAttribute('aria-modal')).to.equal('true');
    expect(await dialog.boundingBox()).to.deep.include({ x: 0, y: 0, width: 640, height: 400 });
    // Back to 100%: a floating, non-modal panel again.
    await page.setViewportSize(DESKTOP);
    await settle(page);
    expect(await dialog.getAttribute('aria-modal')).to.equal('false');
    expect((await dialog.boundingBox())?.width).to.equal(400);
    await context.close();
  });

  it('made no request outside localhost', () => {
    expect(external).to.deep.equal([]);
  });
});

