import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import { startRetentionPurge } from '../../src/domain/callbacks/retentionPurge.js';
import { ManualClock, openQueue, silentLogger, tempDir } from './escalationBot.js';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe('callback retention purge', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fakes: sinon.SinonSandbox;
  let timers: sinon.SinonFakeTimers;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    // Our own sandbox, restored as a whole: a spy on globalThis.setInterval wraps the *fake*
    // setInterval, and if it stayed in sinon's default sandbox, the next sinon.restore() anywhere
    // in the run would put that dead fake back on globalThis (and every later setInterval would
    // never fire). Restoring the sandbox undoes the spies, then the clock, in reverse order.
    fakes = sinon.createSandbox();
    // Only the interval is faked; file I/O and "now" (a ManualClock) are not touched.
    timers = fakes.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(async () => {
    fakes.restore();
    await cleanup();
  });

  const consentAt = new Date('2025-03-03T15:00:00Z');

  it('runs at start, then every interval, deleting requests older than CALLBACK_RETENTION_DAYS', async () => {
    const clock = new ManualClock();
    const queue = await openQueue(dir, clock);
    const old = await queue.add({ phone: '+13125552368', bestTime: 'Morning', consentAt });
    clock.advance(10 * DAY);
    const recent = await queue.add({ phone: '+17735550100', bestTime: 'Evening', consentAt });

    const purge = startRetentionPurge(queue, { retentionDays: 14, intervalMs: HOUR, clock: clock.now, logger: silentLogger });
    await purge.settled();
    expect((await queue.pending()).map((r) => r.id)).to.deep.equal([old.id, recent.id]); // 10 days: kept

    clock.advance(5 * DAY); // old is now 15 days old, recent 5
    await timers.tickAsync(HOUR - 1);
    await purge.settled();
    expect((await queue.count())).to.equal(2); // the interval has not come round yet
    await timers.tickAsync(1);
    await purge.settled();
    expect((await queue.pending()).map((r) => r.id)).to.deep.equal([recent.id]);
    expect(await readFile(join(dir, 'callbacks.json'), 'utf8')).not.to.include('+13125552368');

    clock.advance(10 * DAY);
    await timers.tickAsync(HOUR);
    await purge.settled();
    expect((await queue.count())).to.equal(0);
    purge.stop();
  });

  it('a request already too old when the app starts is deleted by the start-up run', async () => {
    const clock = new ManualClock();
    const queue = await openQueue(dir, clock);
    await queue.add({ phone: '+13125552368', bestTime: 'Morning', consentAt });
    clock.advance(14 * DAY + 1);
    const purge = startRetentionPurge(queue, { retentionDays: 14, intervalMs: HOUR, clock: clock.now, logger: silentLogger });
    await purge.settled();
    expect((await queue.count())).to.equal(0);
    purge.stop();
  });

  it('stop() ends the periodic runs; the timer never keeps the process alive', async () => {
    const clock = new ManualClock();
    const queue = await openQueue(dir, clock);
    const spy = fakes.spy(queue, 'purgeCreatedBefore');
    const setIntervalSpy = fakes.spy(globalThis, 'setInterval');
    const purge = startRetentionPurge(queue, { retentionDays: 14, intervalMs: HOUR, clock: clock.now, logger: silentLogger });
    await purge.settled();
    await timers.tickAsync(2 * HOUR);
    expect(spy.callCount).to.equal(3);
    purge.stop();
    await timers.tickAsync(5 * HOUR);
    expect(spy.callCount).to.equal(3);
    expect(timers.countTimers()).to.equal(0);
    const timer = setIntervalSpy.firstCall.returnValue as unknown as { hasRef(): boolean };
    expect(timer.hasRef()).to.equal(false);
  });
});
