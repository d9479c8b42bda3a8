import type { DialogInstance, DialogState } from 'botbuilder-dialogs';

/**
 * Until this version the main dialog ran as a component with the id "main": its own
 * stack was kept inside that one root frame, under state.dialogs.
 */
const LEGACY_MAIN_FRAME = 'main';

export type StackRepair = 'unwrapped' | 'reset';

/**
 * Makes a stored dialog stack one this version can continue, in place. A stack saved when
 * the main dialog was a component is unwrapped to the main dialog's own stack. A stack
 * naming a dialog that does not exist (a deploy renamed or removed it) is cleared, so the
 * person is met at the menu instead of by an error on every message until the state
 * expires; answers and the profile are kept outside the stack and stay.
 */
export function repairDialogStack(state: DialogState, known: (id: string) => boolean): StackRepair | undefined {
  let repair: StackRepair | undefined;
  const [first] = state.dialogStack;
  if (state.dialogStack.length === 1 && first?.id === LEGACY_MAIN_FRAME && !known(LEGACY_MAIN_FRAME)) {
    const inner = (first.state as { dialogs?: { dialogStack?: unknown } } | undefined)?.dialogs?.dialogStack;
    state.dialogStack = Array.isArray(inner) ? (inner as DialogInstance[]) : [];
    repair = 'unwrapped';
  }
  if (!state.dialogStack.every((frame) => typeof frame?.id === 'string' && known(frame.id))) {
    state.dialogStack = [];
    repair = 'reset';
  }
  return repair;
}
