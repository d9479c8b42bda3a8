/**
 * The botbuilder-dialogs classes this bot uses, loaded from their own files.
 *
 * botbuilder-dialogs' main entry loads all of its prompts, and they load
 * @microsoft/recognizers-text (number, date-time, choice and the suite): about 10 MB of
 * source and 20 MB of resident memory at start-up, for language models this bot never
 * runs (its prompts are in dialogs/prompt.ts). Import the SDK's dialog classes from here
 * and types from 'botbuilder-dialogs'; test/hardening/startupModules.test.ts checks that
 * the running server never loads the main entry or recognizers-text.
 *
 * The files are the same ones the main entry loads, so classes are identical either way
 * (tests that use botbuilder-testing load both). 4.23 is the SDK's last release.
 *
 * Loading this module also puts the process-wide SDK tuning in place as SDK_TUNING in the
 * environment says (src/botframework/sdkTuning.ts), so every dialog in the process, in the
 * bot and in tests alike, runs the same code; createApp applies the validated configuration.
 */
import { applyProcessWideTuning, SdkTuning } from './sdkTuning.js';

applyProcessWideTuning(SdkTuning.fromEnv());

export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { Dialog, DialogReason, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
export { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
export { DialogStateManager } from 'botbuilder-dialogs/lib/memory/dialogStateManager.js';
export { findChoices } from 'botbuilder-dialogs/lib/choices/findChoices.js';
