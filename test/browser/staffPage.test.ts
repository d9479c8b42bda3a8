/**
 * The staff page (/staff, issue #20) in Chromium: a staff member signs in with their token,
 * sees who is waiting for a call (number, best time, how long, the caller's time now),
 * marks one "No answer" and one "Called"; the page keeps its strict CSP, axe-core finds no
 * WCAG 2.2 AA problem, and the log names every action without the number.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import { staffFingerprint } from '../../src/features/callbacks/staffRoutes.js';
import { STAFF_PAGE_POLICY } from '../../src/features/callbacks/staffPage.js';
import { axeViolations, describeViolations } from './axe.js';
import { launchChromium, requireChromium, violations, watchedPage } from './helpers.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');
const TOKENS = ['staff-token-ana-0123456789abcdef', 'staff-token-ben-0123456789abcdef'];

describe('staff page (/staff) in Chromium', function () {
  this.timeout(90_000);
  const queuePath = `/tmp/staff-page-test-${process.pid}.json`;
  const logLines: string[] = [];
  let app: App | undefined;
  let base = '';
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const external: string[] = [];

  before(async function () {
    requireChromium(this);
    await rm(queuePath, { force: true });
    const seed = await CallbackQueue.open(queuePath, { clock: () => new Date(Date.now() - 95 * 60_000) });
    await seed.add({ phone: '+13125552368', bestTime: 'Evening', consentAt: new Date(), timeZone: 'America/Chicago' });
    await seed.close();
    const later = await CallbackQueue.open(queuePath, { clock: () => new Date(Date.now() - 5 * 60_000) });
    await later.add({ phone: '+16175550123', bestTime: 'As soon as possible', consentAt: new Date() });
    await later.close();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig({ PORT: '0', CALLBACK_QUEUE_PATH: queuePath, STAFF_TOKENS: TOKENS.join(',') });
    app = await createApp(config, { logger: pino({ level: 'info' }, sink) });
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    browser = await launchChromium();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await rm(queuePath, { force: true });
  });

  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await browser!.newContext({ viewport: { width: 1100, height: 760 } });
    return watchedPage(context, external);
  }

  it('serves the page with its strict policy, off-frame, and in Spanish when the browser asks first', async () => {
    const res = await fetch(`${base}/staff`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-security-policy')).to.equal(STAFF_PAGE_POLICY);
    expect(STAFF_PAGE_POLICY).to.include("script-src 'self'").and.include("frame-ancestors 'none'").and.not.include('unsafe');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const html = await res.text();
    expect(html).to.include('<html lang="en">').and.include('Callback requests');
    expect(html, 'no inline script runs: the words are a JSON data block').to.not.match(/<script(?![^>]*(src=|type="application\/json"))/);
    const es = await (await fetch(`${base}/staff`, { headers: { 'accept-language': 'es-US,es;q=0.9,en;q=0.5' } })).text();
    expect(es).to.include('<html lang="es">').and.include('Pedidos de llamada');
  });

  it('signs in, lists who is waiting, marks "No answer" and "Called"; no CSP violation, no axe finding, nothing from elsewhere', async () => {
    const page = await freshPage();
    await page.goto(`${base}/staff`);
    const found: Record<string, Awaited<ReturnType<typeof axeViolations>>> = { signIn: await axeViolations(page) };

    // A wrong token: told kindly, still on the sign-in form.
    await page.getByLabel('Staff token').fill('not-a-staff-token-0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'not accepted' }).waitFor();
    expect(await page.locator('#queue').isVisible()).to.equal(false);

    await page.getByLabel('Staff token').fill(TOKENS[1]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const table = page.getByRole('table', { name: 'Waiting for a call' });
    await table.waitFor();
    expect(await page.locator('#sign-in').isVisible(), 'the sign-in form goes once signed in').to.equal(false);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).to.equal(2);
    const first = await rows.nth(0).locator('td').allInnerTexts();
    expect(first[0]).to.equal('(312) 555-2368');
    expect(first[1]).to.equal('Evening');
    expect(first[2]).to.match(/^1 h 3[45] min$/);
    expect(first[3], "the caller's time in their zone").to.match(/\d{1,2}:\d{2}\s?[AP]M \w+ \(America\/Chicago\)/);
    expect(first[4]).to.equal('None yet');
    expect(await rows.nth(0).getByRole('link').getAttribute('href')).to.equal('tel:+13125552368');
    expect((await rows.nth(1).locator('td').allInnerTexts())[3]).to.equal('Not known');
    found.list = await axeViolations(page);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'staff-page.png'), fullPage: true });

    await page.getByRole('button', { name: 'No answer: (312) 555-2368' }).click();
    await page.getByRole('status').filter({ hasText: 'Noted: no answer' }).waitFor();
    await page.locator('tbody tr', { hasText: '1, last 0 min ago' }).waitFor();
    expect(await rows.count(), 'no answer keeps the request').to.equal(2);

    await page.getByRole('button', { name: 'Called: (617) 555-0123' }).click();
    await page.getByRole('status').filter({ hasText: 'Marked as called' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1);
    expect(await rows.nth(0).locator('td').first().innerText()).to.equal('(312) 555-2368');

    // Signed in for this tab only: a reload stays in, "Sign out" forgets the token.
    await page.reload();
    await table.waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Staff token').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).to.equal(0);

    expect(describeViolations(found)).to.equal('');
    expect(await violations(page)).to.deep.equal([]);
    expect(external).to.deep.equal([]);
  });

  it('logs every action with the request id and who acted, never a number', async () => {
    const events = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ben = staffFingerprint(TOKENS[1]!);
    const actions = events.filter((e) => typeof e.event === 'string' && e.event.startsWith('staff_callback'));
    expect(actions.map((e) => e.event)).to.include.members(['staff_callbacks_listed', 'staff_callback_unreachable', 'staff_callback_done']);
    for (const action of actions) expect(action.staff, String(action.event)).to.equal(ben);
    expect(events.find((e) => e.event === 'staff_callback_unreachable')).to.include({ attempts: 1 });
    const all = logLines.join('\n');
    for (const number of ['3125552368', '6175550123', '555-2368', '555-0123', ...TOKENS]) expect(all).to.not.include(number);
  });
});
