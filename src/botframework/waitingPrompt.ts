/**
 * The options of the prompt waiting deepest in a stored dialog stack: a ComponentDialog keeps
 * its own stack in its frame's state under `dialogs` (botbuilder-dialogs' PERSISTED_DIALOG_STATE),
 * so the prompt on screen is found by walking down the last frame of each. Read from the
 * stored state, without a DialogContext: middleware uses it before the dialogs run.
 */
const INNER_DIALOG_STATE = 'dialogs';

interface Frame {
  state?: Record<string, unknown>;
}

export function waitingPromptOptions(dialogState: unknown): Record<string, unknown> | undefined {
  let stack = (dialogState as { dialogStack?: unknown } | undefined)?.dialogStack;
  let frame: Frame | undefined;
  for (let depth = 0; depth < 16 && Array.isArray(stack) && stack.length > 0; depth++) {
    frame = stack.at(-1) as Frame | undefined;
    stack = (frame?.state?.[INNER_DIALOG_STATE] as { dialogStack?: unknown } | undefined)?.dialogStack;
  }
  const options = frame?.state?.options;
  return options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : undefined;
}
