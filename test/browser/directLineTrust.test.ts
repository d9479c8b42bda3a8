import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webChatRoutes } from '../../src/features/webchat/webChatRoutes.js';
import { fetchToken, startApp, type Running } from '../web/harness.js';
import { call } from '../web/rest.js';

const CHROMIUM = '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 20_000;
/** A name no server knows: Chromium resolves it to 127.0.0.1, so the page sends it as the Host. */
const UNKNOWN_HOST = 'chat.unknown-host.test';

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

describe('web chat page: relative Direct Line URLs and a full conversation table (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  const runs: Running[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
      this.skip();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--host-resolver-rules=MAP ${UNKNOWN_HOST} 127.0.0.1`],
    });
  });
  after(async () => {
    await browser?.close();
    for (const run of runs) await run.close();
  });

  async function openPage(url: string, olderWebSocket = false): Promise<{ page: Page; sockets: string[] }> {
    const context = await browser.newContext();
    if (olderWebSocket) {
      // Browsers before 2024 (Chrome < 125, Firefox < 124, Safari < 17.3) refuse a relative WebSocket URL.
      // A string, not a function: tsx would wrap a named function in a helper the page lacks.
      await context.addInitScript({
        content: `(() => {
          const Native = window.WebSocket;
          function WebSocket(url, protocols) {
            if (!/^wss?:\\/\\//.test(String(url))) throw new DOMException("The URL '" + url + "' is invalid.", 'SyntaxError');
            return protocols === undefined ? new Native(url) : new Native(url, protocols);
          }
          Object.assign(WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
          window.WebSocket = WebSocket;
        })();`,
      });
    }
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(url);
    return { page, sockets };
  }

  it('opened at a Host the server does not know, the chat still connects (older browsers too), over the address the page was opened at', async () => {
    const running = await startApp({}, {}, [webChatRoutes()]);
    runs.push(running);
    const port = new URL(running.baseUrl).port;
    const { page, sockets } = await openPage(`http://${UNKNOWN_HOST}:${port}/`, true);
    await page.locator('.webchat__bubble', { hasText: /recovery guide/i }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(sockets.length).to.be.greaterThan(0);
    for (const url of sockets) expect(url).to.match(new RegExp(`^ws://${UNKNOWN_HOST.replace(/\./g, '\\.')}:${port}/v3/directline/conversations/`));
    expect(await page.locator('#chat-status').isHidden()).to.equal(true);
    expect(await cspViolations(page)).to.deep.equal([]);
    await page.context().close();
  });

  it('when every conversation slot is taken by a live chat, says so kindly and keeps the helpline in view', async () => {
    const running = await startApp({}, { limits: { maxConversations: 1 } }, [webChatRoutes()]);
    runs.push(running);
    const someoneElse = await fetchToken(running.baseUrl);
    expect((await call(running.baseUrl, '/v3/directline/conversations', { method: 'POST', token: someoneElse.token, body: {} })).status).to.equal(201);

    const { page } = await openPage(`${running.baseUrl}/`);
    const status = page.locator('#chat-status');
    await status.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    expect(await status.innerText()).to.match(/very busy right now/i).and.match(/Call 833-820-2922/);
    expect(await status.locator('a[href="tel:+18338202922"]').isVisible()).to.equal(true);
    expect(await page.locator('header a[href="tel:+18338202922"]').isVisible()).to.equal(true);
    expect(await page.getByRole('button', { name: /start a new chat/i }).isVisible()).to.equal(true);
    // The other person's chat is still open.
    const read = await call(running.baseUrl, `/v3/directline/conversations/${someoneElse.conversationId}/activities`, { token: someoneElse.token });
    expect(read.status).to.equal(200);
    await page.context().close();
  });
});
