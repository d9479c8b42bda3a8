/**
 * Mocha root hooks (registered in .mocharc.json under "require"): after every test, fail it if
 * it left the process's timers faked, or left sinon fakes of them where a later sinon.restore()
 * would put them back.
 *
 * Why: tests run in one process, so a fake setInterval left behind by one file silently stops
 * every later timer that uses it (rxjs in botframework-directlinejs, polling, token refresh)
 * and the failure shows up minutes later in an unrelated file. The subtle case is a spy on a
 * global made during fake timers, e.g. sinon.spy(globalThis, 'setInterval'): it wraps the
 * *fake* setInterval and stays registered in sinon's default sandbox even after spy.restore(),
 * so the next sinon.restore() anywhere in the run re-installs that dead fake. Use
 * sinon.createSandbox() (restored as a whole in afterEach) or call sinon.restore() in afterEach.
 */
import sinon from 'sinon';

const TIMER_GLOBALS = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'queueMicrotask',
  'Date',
] as const;
type TimerGlobal = (typeof TIMER_GLOBALS)[number];

const globals = globalThis as unknown as Record<TimerGlobal, unknown>;
const originals = new Map<TimerGlobal, unknown>(TIMER_GLOBALS.map((name) => [name, globals[name]]));
const originalNextTick = process.nextTick;
const originalHrtime = process.hrtime;
const originalPerformanceNow = performance.now;

/** What sinon keeps for a fake made on an object's method (spy, stub, replace). */
interface SinonMethodFake {
  displayName?: string;
  wrappedMethod?: unknown;
  restore?: { sinon?: boolean };
}

function changedGlobals(): string[] {
  const changed: string[] = TIMER_GLOBALS.filter((name) => globals[name] !== originals.get(name));
  if (process.nextTick !== originalNextTick) changed.push('process.nextTick');
  if (process.hrtime !== originalHrtime) changed.push('process.hrtime');
  if (performance.now !== originalPerformanceNow) changed.push('performance.now');
  return changed;
}

/** Fakes in sinon's default sandbox whose restore() would write a timer (real or fake) back onto a global. */
function registeredTimerFakes(): string[] {
  const getFakes = (sinon as unknown as { getFakes?: () => unknown[] }).getFakes;
  if (typeof getFakes !== 'function') return [];
  const timerFunctions = new Set(originals.values());
  return getFakes
    .call(sinon)
    .filter((fake): fake is SinonMethodFake => typeof fake === 'function' || (typeof fake === 'object' && fake !== null))
    .filter((fake) => {
      if (fake.restore?.sinon !== true) return false;
      const wrapped = fake.wrappedMethod;
      // A fake-timers function carries its clock; a real one is among the originals.
      return timerFunctions.has(wrapped) || (typeof wrapped === 'function' && 'clock' in wrapped);
    })
    .map((fake) => fake.displayName ?? 'a timer');
}

function reinstateRealTimers(): void {
  for (const [name, original] of originals) globals[name] = original;
  process.nextTick = originalNextTick;
  process.hrtime = originalHrtime;
  performance.now = originalPerformanceNow;
}

export const mochaHooks = {
  afterEach: function noLeftoverTimerFakes(): void {
    const changed = changedGlobals();
    const registered = registeredTimerFakes();
    if (changed.length === 0 && registered.length === 0) return;

    // Clean up so the report names this test and not the next one, then fail it.
    if (registered.length > 0) sinon.restore();
    reinstateRealTimers();
    const problems: string[] = [];
    if (changed.length > 0) problems.push(`left ${changed.join(', ')} replaced by a fake (restore fake timers and stubs in afterEach)`);
    if (registered.length > 0) {
      problems.push(
        `left sinon fakes of ${registered.join(', ')} in sinon's default sandbox, where the next sinon.restore() would re-install them ` +
          '(use sinon.createSandbox() and restore it in afterEach, or call sinon.restore() in afterEach)',
      );
    }
    throw new Error(`This test ${problems.join('; and ')}.`);
  },
};
