import type { WaterfallStepContext } from 'botbuilder-dialogs';

/** Typed view of a waterfall's step.values (botbuilder types it as a bare object). */
export function stepValues<T extends object>(step: WaterfallStepContext): Partial<T> {
  return step.values as Partial<T>;
}
