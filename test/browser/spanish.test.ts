import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { webChatRoutes } from '../../src/features/webchat/webChatRoutes.js';
import { startApp, type Running } from '../web/harness.js';
import { STEP_TIMEOUT_MS, botTexts, launchChromium, requireChromium, send, waitForBotText, watchedPage } from './helpers.js';
import { englishSentences } from '../helpers/englishSentences.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');

/**
 * One Spanish conversation in Chromium with the browser set to es-US (issue #18): the page
 * (banner, emergency line, call button, disclaimer) and Web Chat's own words are in Spanish
 * because the browser asks for it, the bot answers in Spanish from the first message, a
 * question and a crisis are answered in Spanish, and no bot message has an English sentence.
 */
describe('web chat page in Spanish (es-US) in headless Chromium', function () {
  let running: Running;
  let browser: Browser;
  const external: string[] = [];

  before(async function () {
    requireChromium(this);
    mkdirSync(ARTIFACTS, { recursive: true });
    running = await startApp({}, {}, [webChatRoutes()]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
  });

  it('a Spanish browser gets the page, Web Chat and the whole conversation in Spanish', async function () {
    this.timeout(6 * STEP_TIMEOUT_MS);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'es-US' });
    try {
      const page = await watchedPage(context, external);
      await page.goto(`${running.baseUrl}/`);

      // The page itself: its language, the banner, the emergency line, the call button, the disclaimer.
      expect(await page.locator('html').getAttribute('lang')).to.equal('es');
      expect(await page.locator('header .call-label').innerText()).to.equal('Llama al 833-820-2922');
      const emergency = await page.locator('aside.emergency').innerText();
      expect(emergency).to.include('marca 2');
      expect(emergency).to.include('AYUDA');
      expect(await page.locator('aside a[href="tel:988"]').count()).to.be.at.least(1);
      expect(await page.locator('footer').innerText()).to.include('no es médico ni consejero');

      // The bot's welcome in Spanish, from the locale Web Chat sends on the conversation.
      await waitForBotText(page, /guía de recuperación/i);
      // Web Chat's own words are its Spanish ones (the send box's placeholder).
      const placeholder = (await page.locator('.webchat__send-box-text-box__input').getAttribute('placeholder')) ?? '';
      expect(placeholder).to.not.match(/type your message/i);

      let seen = (await botTexts(page)).length;
      await send(page, '¿qué es la terapia de grupo?');
      await waitForBotText(page, /terapia de grupo es el corazón/i, seen);

      seen = (await botTexts(page)).length;
      await send(page, 'ya no quiero vivir');
      await waitForBotText(page, /marca 2/, seen);
      await waitForBotText(page, /¿Estás a salvo ahorita\?/, seen);
      await page.screenshot({ path: resolve(ARTIFACTS, 'es-crisis.png') });

      const english = englishSentences((await botTexts(page)).map((text) => ({ type: 'message', text })));
      expect(english).to.deep.equal([]);
      expect(external).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
