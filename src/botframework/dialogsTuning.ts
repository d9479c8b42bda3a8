import { createRequire } from 'node:module';

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
