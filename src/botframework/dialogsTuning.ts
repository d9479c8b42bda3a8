import { createRequire } from 'node:module';
import { DialogStateManager } from 'botbuilder-dialogs/lib/memory/dialogStateManager.js';

type Constructor = new () => object;
interface RegistrationModule {
  DialogsComponentRegistration?: unknown;
}

const require = createRequire(import.meta.url);
const SHARED = Symbol.for('recovery-bot.sharedDialogsComponentRegistration');

/**
 * botbuilder-dialogs 4.23 (the last release; the SDK is archived) builds a
 * DialogsComponentRegistration, a service collection and dependency graph of every memory
 * scope and path resolver, in the constructor of every DialogContext, only to store it
 * under its class name in a process-wide map: several per turn, about a twentieth of a
 * turn's work. The registration keeps no state (its scopes and resolvers are made anew on
 * every request for them), so one instance can serve every context. This makes
 * `new DialogsComponentRegistration()` inside botbuilder-dialogs return that one instance.
 *
 * Returns true when it is in place. If the module does not look as expected, nothing is
 * changed and dialogs work as shipped, only slower.
 */
export function shareDialogsComponentRegistration(enabled = true): boolean {
  let module: RegistrationModule;
  try {
    module = require('botbuilder-dialogs/lib/dialogsComponentRegistration.js') as RegistrationModule;
  } catch {
    return false;
  }
  const current = module.DialogsComponentRegistration;
  if (typeof current !== 'function') return false;
  const original = (current as unknown as Record<symbol, unknown>)[SHARED] as Constructor | undefined;
  if (!enabled) {
    // SDK_TUNING=off (src/botframework/sdkTuning.ts): the SDK's own class back.
    if (original) module.DialogsComponentRegistration = original;
    return true;
  }
  if (original) return true;
  const Original = current as Constructor;
  const shared = new Original();
  module.DialogsComponentRegistration = new Proxy(Original, {
    construct: () => shared,
    get: (target, key, receiver) => (key === SHARED ? Original : Reflect.get(target, key, receiver)),
  });
  return true;
}

type PathSegments = Array<string | number>;
type ParsePath = (this: DialogStateManager, pathExpression: string, allowNestedPaths?: boolean) => PathSegments;
const MEMOIZED = Symbol.for('recovery-bot.memoizedParsePath');
/** Paths kept; dialogs use a handful of fixed ones ("turn.activity", "turn.lastResult", ...). */
export const PARSED_PATHS_KEPT = 500;

/**
 * Every dialog context writes "turn.activity" into dialog memory, and each write and read
 * parses its path character by character into new strings (a tenth of what a turn
 * allocates). A path without brackets parses the same way every time, so its segments are
 * kept (up to PARSED_PATHS_KEPT paths) and each caller gets its own copy. Paths with
 * brackets can name other memory ("user[turn.key]") and are parsed every time.
 *
 * Returns true when it is in place; if DialogStateManager has no parsePath, nothing changes.
 */
export function memoizeDialogPaths(enabled = true): boolean {
  const proto = DialogStateManager.prototype as unknown as { parsePath?: ParsePath; [MEMOIZED]?: ParsePath };
  const current = proto.parsePath;
  if (typeof current !== 'function') return false;
  const shipped = proto[MEMOIZED];
  if (!enabled) {
    // SDK_TUNING=off (src/botframework/sdkTuning.ts): the SDK's own method back.
    if (shipped) {
      proto.parsePath = shipped;
      delete proto[MEMOIZED];
    }
    return true;
  }
  if (shipped) return true;
  const original = current;
  const parsed = new Map<string, PathSegments>();
  proto.parsePath = function parsePath(this: DialogStateManager, pathExpression: string, allowNestedPaths = true): PathSegments {
    if (typeof pathExpression !== 'string' || pathExpression.includes('[')) return original.call(this, pathExpression, allowNestedPaths);
    let segments = parsed.get(pathExpression);
    if (segments === undefined) {
      segments = original.call(this, pathExpression, allowNestedPaths);
      if (parsed.size < PARSED_PATHS_KEPT) parsed.set(pathExpression, segments.slice());
      return segments;
    }
    return segments.slice();
  };
  proto[MEMOIZED] = original;
  return true;
}
