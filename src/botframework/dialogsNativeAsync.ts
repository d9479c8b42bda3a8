import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { telemetryTrackDialogView, type BotTelemetryClient, type TurnContext } from 'botbuilder';
import type { DialogEvent, DialogInstance, DialogTurnResult, PromptOptions } from 'botbuilder-dialogs';
import { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
import { Dialog, DialogReason, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
import { DialogContainer } from 'botbuilder-dialogs/lib/dialogContainer.js';
import { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
import { DialogContextError } from 'botbuilder-dialogs/lib/dialogContextError.js';
import { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents.js';
import { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
import { TurnPath } from 'botbuilder-dialogs/lib/memory/turnPath.js';
import { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext.js';

/**
 * botbuilder-dialogs 4.23 is compiled to ES2015 generators: every async method runs
 * through a `__awaiter` helper that builds a promise, a generator and three closures per
 * call and a further promise per await. Measured on this machine a call with one await
 * takes ~1.6 µs that way and ~0.12 µs as a native async function, and a turn makes
 * twenty to thirty such calls through the dialog stack (a fifth of what a turn
 * allocates). This puts native async versions of the hot methods of DialogContext,
 * Dialog, DialogContainer, ComponentDialog and WaterfallDialog on their prototypes.
 *
 * Each one is a line-for-line transcription of 4.23.3's method (same order of calls,
 * same events, same errors, same telemetry), so it is applied only to that code: the
 * installed SDK's own method is fingerprinted (SHIPPED_FINGERPRINTS, a hash of its compiled
 * source) and checked one by one before anything is replaced. If any differs (another
 * version, a patched install), nothing changes and the SDK runs as shipped, and
 * test/bot/nativeAsyncDialogs.test.ts fails naming the methods to transcribe again. The SDK
 * is archived; 4.23.3 is its last release. Measured worth keeping in production (README,
 * "SDK tuning"): 1.13× less CPU per ongoing turn (median of 8 pairs), 1.05× on first turns.
 */
export const NATIVE_ASYNC_FOR_VERSION = '4.23.3';
/**
 * The SDK methods this module replaces, each with the fingerprint of the code it was
 * transcribed from (shippedFingerprint: sha-256 of the compiled method's source, whitespace
 * folded, first 16 hex digits), as installed with botbuilder-dialogs 4.23.3.
 */
export const SHIPPED_FINGERPRINTS: Readonly<Record<string, string>> = {
  'DialogContext.beginDialog': '125fea0c205435d0',
  'DialogContext.cancelAllDialogs': 'a71aba9e187ea4a5',
  'DialogContext.prompt': '72877d37c1d39f6c',
  'DialogContext.continueDialog': 'de2f3b4dc3f7ad51',
  'DialogContext.endDialog': '3a2a01a92690c036',
  'DialogContext.replaceDialog': '5c7388b55625d5a5',
  'DialogContext.repromptDialog': 'a85de539727f837f',
  'DialogContext.emitEvent': '4ff5e4d72c76264d',
  'DialogContext.endActiveDialog': '4632792edd6e3ce1',
  'Dialog.onDialogEvent': 'f77b04a36d969589',
  'DialogContainer.checkForVersionChange': '0e77066bbe53e5f1',
  'ComponentDialog.beginDialog': '458f3170cb845768',
  'ComponentDialog.continueDialog': 'd2e34a9eae6d7abc',
  'ComponentDialog.resumeDialog': '1bf5aba94521c93c',
  'ComponentDialog.repromptDialog': '0b8b63b16b5aa7dd',
  'ComponentDialog.endDialog': 'c6971d168c6b296c',
  'WaterfallDialog.beginDialog': '3702730dbdf1ea86',
  'WaterfallDialog.continueDialog': '337f84cc9bc57f24',
  'WaterfallDialog.resumeDialog': 'b9709155eda264e6',
  'WaterfallDialog.onStep': '79b541a386a0cb02',
  'WaterfallDialog.runStep': 'd1c962ec0e95a40d',
  'WaterfallDialog.endDialog': '10a2dd0698a3499a',
  'WaterfallStepContext.next': 'fb1285222c1e71a0',
};

/** The fingerprint of a method's code: what changes when the SDK's method changes. */
export function shippedFingerprint(method: unknown): string {
  return typeof method === 'function' ? sourceFingerprint(Function.prototype.toString.call(method)) : '';
}

/** The fingerprint of source text, with runs of whitespace folded (reformatting is no change). */
export function sourceFingerprint(source: string): string {
  return createHash('sha256').update(source.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
}

/** Marks this module's methods, so any copy of it can tell they are in place. */
const NATIVE = Symbol.for('recovery-bot.nativeAsyncDialogMethod');
/** Where the SDK's own methods are remembered on each prototype (see shippedMethod). */
const SHIPPED = Symbol.for('recovery-bot.shippedDialogMethods');

const require = createRequire(import.meta.url);

/** Internal members of the SDK classes that these methods use (all plain JavaScript properties). */
interface DialogContextInternals {
  stack: DialogInstance[];
  parent: DialogContext | undefined;
  context: TurnContext;
  activeDialog: DialogInstance | undefined;
  child: DialogContext | undefined;
  state: { setValue(path: string, value: unknown): void };
  findDialog(id: string): Dialog | undefined;
  emitEvent(name: string, value?: unknown, bubble?: boolean, fromLeaf?: boolean): Promise<boolean>;
  endActiveDialog(reason: DialogReason, result?: unknown): Promise<void>;
  beginDialog(id: string, options?: object): Promise<DialogTurnResult>;
}
/** A DialogContext seen with its internal members. */
type Ctx = DialogContextInternals;
const asDc = (context: Ctx): DialogContext => context as unknown as DialogContext;

interface DialogInternals {
  id: string;
  onPreBubbleEvent(dc: DialogContext, e: DialogEvent): Promise<boolean>;
  onPostBubbleEvent(dc: DialogContext, e: DialogEvent): Promise<boolean>;
}
interface Telemetry {
  trackEvent(event: { name: string; properties: Record<string, unknown> }): void;
}
interface ContainerInternals extends DialogInternals {
  getInternalVersion(): string;
}
interface ComponentInternals extends ContainerInternals {
  telemetryClient: Telemetry;
  checkForVersionChange(dc: DialogContext): Promise<void>;
  createChildContext(dc: DialogContext): DialogContext;
  createInnerDC(context: TurnContext, instance: DialogInstance): DialogContext;
  onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult>;
  onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult>;
  onEndDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void>;
  onRepromptDialog(context: TurnContext, instance: DialogInstance): Promise<void>;
  endComponent(dc: DialogContext, result: unknown): Promise<DialogTurnResult>;
  repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void>;
}
interface WaterfallState {
  options: object;
  values: Record<string, unknown>;
  stepIndex: number;
}
interface WaterfallInternals {
  id: string;
  steps: Array<(step: WaterfallStepContext) => Promise<DialogTurnResult>>;
  telemetryClient: Telemetry;
  waterfallStepName(index: number): string;
  runStep(dc: DialogContext, index: number, reason: DialogReason, result?: unknown): Promise<DialogTurnResult>;
  onStep(step: WaterfallStepContext): Promise<DialogTurnResult>;
  resumeDialog(dc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult>;
}

/** Set in turnState once "activityReceived" was emitted this turn (the SDK's own symbol is module-private; only continueDialog reads it). */
const ACTIVITY_RECEIVED_EMITTED = Symbol('ActivityReceivedEmitted');

/** The SDK's wrapErrors: any error from a dialog becomes a DialogContextError naming the context. */
async function wrapErrors<T>(dc: DialogContext, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof DialogContextError) throw err;
    throw new DialogContextError(err as Error, dc);
  }
}

interface Replacement {
  target: Record<string, unknown>;
  /** "DialogContext.beginDialog" */
  key: string;
  name: string;
  native: unknown;
  shipped: unknown;
}
let replacements: Replacement[] | undefined;

/**
 * Puts the native versions in place (enabled, the default) or the SDK's own back (false,
 * for tests that compare the two). True when done; false, with nothing changed, when the
 * SDK is not 4.23.3 or a method is missing.
 */
export function useNativeAsyncDialogs(enabled = true): boolean {
  if (!replacements) {
    let version: string | undefined;
    try {
      version = (require('botbuilder-dialogs/package.json') as { version?: string }).version;
    } catch {
      return false;
    }
    if (version !== NATIVE_ASYNC_FOR_VERSION) return false;
    const all = replacementsFound();
    for (const r of all) Object.defineProperty(r.native, NATIVE, { value: true });
    if (all.some((r) => typeof r.shipped !== 'function')) return false;
    // Only onto the code each copy was transcribed from.
    if (driftOf(all).length > 0) return false;
    replacements = all;
  }
  for (const r of replacements) r.target[r.name] = enabled ? r.native : r.shipped;
  return true;
}

function replacementsFound(): Replacement[] {
  return nativeMethods().flatMap(([target, methods]) =>
    Object.entries(methods).map(([name, native]) => ({
      target: target as Record<string, unknown>,
      key: `${(target as { constructor: { name: string } }).constructor.name}.${name}`,
      name,
      native,
      shipped: shippedMethod(target, name),
    })),
  );
}

/** The replaced methods whose installed code is not what was transcribed (or that are not in the table). */
function driftOf(found: readonly Replacement[]): string[] {
  const keys = new Set(found.map((r) => r.key));
  return [
    ...found.filter((r) => SHIPPED_FINGERPRINTS[r.key] !== shippedFingerprint(r.shipped)).map((r) => r.key),
    ...Object.keys(SHIPPED_FINGERPRINTS).filter((k) => !keys.has(k)),
  ];
}

/**
 * The SDK methods whose installed code differs from what this module transcribed: empty
 * when the copies may be used. A name here means: read the SDK's new method and transcribe
 * it again (then update its fingerprint), or leave the piece off.
 */
export function shippedDrift(): string[] {
  return driftOf(replacementsFound());
}

/** The fingerprints of the installed SDK's methods, in SHIPPED_FINGERPRINTS' form (for updating the table). */
export function installedFingerprints(): Record<string, string> {
  return Object.fromEntries(replacementsFound().map((r) => [r.key, shippedFingerprint(r.shipped)]));
}

/** True when the native versions are in place (this module puts them there when src/botframework/botbuilderDialogs.ts loads). */
export function nativeAsyncDialogsInUse(): boolean {
  return (DialogContext.prototype.beginDialog as unknown as Record<symbol, unknown>)[NATIVE] === true;
}

/**
 * The SDK's own method, remembered on the prototype the first time any copy of this module
 * looks (a process can load this file twice, as CommonJS and as ESM under a test runner;
 * the second must not take the first one's replacement for the SDK's method).
 */
function shippedMethod(target: object, name: string): unknown {
  const holder = target as { [SHIPPED]?: Map<string, unknown> } & Record<string, unknown>;
  let shipped = Object.prototype.hasOwnProperty.call(holder, SHIPPED) ? holder[SHIPPED] : undefined;
  if (!shipped) {
    shipped = new Map();
    Object.defineProperty(holder, SHIPPED, { value: shipped });
  }
  if (!shipped.has(name)) shipped.set(name, holder[name]);
  return shipped.get(name);
}

/** Each prototype with its native methods. */
function nativeMethods(): Array<[object, Record<string, unknown>]> {
  const dc: Record<string, unknown> = {};
  dc.beginDialog = async function beginDialog(this: Ctx, dialogId: string, options?: object): Promise<DialogTurnResult> {
    const dialog = this.findDialog(dialogId);
    if (!dialog) throw new DialogContextError(`DialogContext.beginDialog(): A dialog with an id of '${dialogId}' wasn't found.`, asDc(this));
    const instance: DialogInstance = { id: dialogId, state: {} };
    this.stack.push(instance);
    return wrapErrors(asDc(this), dialog.beginDialog(asDc(this), options));
  };

  dc.cancelAllDialogs = async function cancelAllDialogs(
    this: Ctx,
    cancelParents = false,
    eventName?: string,
    eventValue?: unknown,
  ): Promise<DialogTurnResult> {
    const name = eventName || DialogEvents.cancelDialog;
    if (this.stack.length > 0 || this.parent != undefined) {
      let notify = false;
      // The walk up the chain of contexts starts at this one.
      // oxlint-disable-next-line no-this-alias
      let current: Ctx | undefined = this;
      while (current != undefined) {
        if (current.stack.length > 0) {
          if (notify) {
            const handled = await current.emitEvent(name, eventValue, false, false);
            if (handled) break;
          }
          await current.endActiveDialog(DialogReason.cancelCalled);
        } else {
          current = cancelParents ? (current.parent as Ctx | undefined) : undefined;
        }
        notify = true;
      }
      return { status: DialogTurnStatus.cancelled };
    }
    return { status: DialogTurnStatus.empty };
  };

  dc.prompt = async function prompt(this: Ctx, dialogId: string, promptOrOptions: unknown, choices?: unknown): Promise<DialogTurnResult> {
    let options: PromptOptions;
    if ((typeof promptOrOptions === 'object' && (promptOrOptions as { type?: unknown }).type !== undefined) || typeof promptOrOptions === 'string') {
      options = { prompt: promptOrOptions as PromptOptions['prompt'] };
    } else {
      options = { ...(promptOrOptions as PromptOptions) };
    }
    if (choices) options.choices = choices as PromptOptions['choices'];
    return wrapErrors(asDc(this), this.beginDialog(dialogId, options));
  };

  dc.continueDialog = async function continueDialog(this: Ctx): Promise<DialogTurnResult> {
    if (!this.context.turnState.has(ACTIVITY_RECEIVED_EMITTED)) {
      this.context.turnState.set(ACTIVITY_RECEIVED_EMITTED, true);
      await this.emitEvent(DialogEvents.activityReceived, this.context.activity, true, true);
    }
    const instance = this.activeDialog;
    if (instance) {
      const dialog = this.findDialog(instance.id);
      if (!dialog) throw new DialogContextError(`DialogContext.continueDialog(): Can't continue dialog. A dialog with an id of '${instance.id}' wasn't found.`, asDc(this));
      return wrapErrors(asDc(this), dialog.continueDialog(asDc(this)));
    }
    return { status: DialogTurnStatus.empty };
  };

  dc.endDialog = async function endDialog(this: Ctx, result?: unknown): Promise<DialogTurnResult> {
    await this.endActiveDialog(DialogReason.endCalled, result);
    const instance = this.activeDialog;
    if (instance) {
      const dialog = this.findDialog(instance.id);
      if (!dialog) throw new DialogContextError(`DialogContext.endDialog(): Can't resume previous dialog. A dialog with an id of '${instance.id}' wasn't found.`, asDc(this));
      return wrapErrors(asDc(this), dialog.resumeDialog(asDc(this), DialogReason.endCalled, result));
    }
    return { status: DialogTurnStatus.complete, result };
  };

  dc.replaceDialog = async function replaceDialog(this: Ctx, dialogId: string, options?: object): Promise<DialogTurnResult> {
    await this.endActiveDialog(DialogReason.replaceCalled);
    return this.beginDialog(dialogId, options);
  };

  dc.repromptDialog = async function repromptDialog(this: Ctx): Promise<void> {
    const handled = await this.emitEvent(DialogEvents.repromptDialog, undefined, false, false);
    if (!handled) {
      const instance = this.activeDialog;
      if (instance) {
        const dialog = this.findDialog(instance.id);
        if (!dialog) throw new DialogContextError(`DialogContext.repromptDialog(): Can't find a dialog with an id of '${instance.id}'.`, asDc(this));
        await wrapErrors(asDc(this), dialog.repromptDialog(this.context, instance));
      }
    }
  };

  dc.emitEvent = async function emitEvent(
    this: Ctx,
    name: string,
    value?: unknown,
    bubble = true,
    fromLeaf = false,
  ): Promise<boolean> {
    const dialogEvent: DialogEvent = { bubble, name, value };
    // The walk down to the innermost context starts at this one.
    // oxlint-disable-next-line no-this-alias
    let current: Ctx = this;
    if (fromLeaf) {
      for (let child = current.child; child != undefined; child = current.child) current = child as unknown as Ctx;
    }
    const instance = current.activeDialog;
    if (instance != undefined) {
      const dialog = current.findDialog(instance.id);
      if (dialog != undefined) return wrapErrors(asDc(this), dialog.onDialogEvent(asDc(current), dialogEvent));
    }
    return false;
  };

  dc.endActiveDialog = async function endActiveDialog(this: Ctx, reason: DialogReason, result?: unknown): Promise<void> {
    const instance = this.activeDialog;
    if (instance) {
      const dialog = this.findDialog(instance.id);
      if (dialog) await wrapErrors(asDc(this), dialog.endDialog(this.context, instance, reason));
      this.stack.pop();
      this.state.setValue(TurnPath.lastResult, result);
    }
  };

  const dialog: Record<string, unknown> = {};
  dialog.onDialogEvent = async function onDialogEvent(
    this: DialogInternals,
    context: Ctx,
    e: DialogEvent,
  ): Promise<boolean> {
    let handled = await this.onPreBubbleEvent(asDc(context), e);
    if (!handled && e.bubble && context.parent != undefined) handled = await context.parent.emitEvent(e.name, e.value, true, false);
    if (!handled) handled = await this.onPostBubbleEvent(asDc(context), e);
    return handled;
  };

  const container: Record<string, unknown> = {};
  container.checkForVersionChange = async function checkForVersionChange(
    this: ContainerInternals,
    context: Ctx,
  ): Promise<void> {
    const active = context.activeDialog as DialogInstance & { version?: string };
    const current = active.version;
    active.version = this.getInternalVersion();
    if (current && current != active.version) await context.emitEvent(DialogEvents.versionChanged, this.id, true, false);
  };

  return [
    [DialogContext.prototype, dc],
    [Dialog.prototype, dialog],
    [DialogContainer.prototype, container],
    [ComponentDialog.prototype, componentDialogMethods()],
    [WaterfallDialog.prototype, waterfallDialogMethods()],
    [WaterfallStepContext.prototype, waterfallStepContextMethods()],
  ];
}

function componentDialogMethods(): Record<string, unknown> {
  const component: Record<string, unknown> = {};
  component.beginDialog = async function beginDialog(this: ComponentInternals, outerDC: DialogContext, options?: object): Promise<DialogTurnResult> {
    await this.checkForVersionChange(outerDC);
    trackDialogView(this.telemetryClient, this.id);
    const innerDC = this.createChildContext(outerDC);
    const turnResult = await this.onBeginDialog(innerDC, options);
    if (turnResult.status !== DialogTurnStatus.waiting) {
      if (turnResult.status === DialogTurnStatus.cancelled) {
        await this.endComponent(outerDC, turnResult.result);
        return { status: DialogTurnStatus.cancelled, result: turnResult.result };
      }
      return this.endComponent(outerDC, turnResult.result);
    }
    return Dialog.EndOfTurn;
  };
  component.continueDialog = async function continueDialog(this: ComponentInternals, outerDC: DialogContext): Promise<DialogTurnResult> {
    await this.checkForVersionChange(outerDC);
    const innerDC = this.createChildContext(outerDC);
    const turnResult = await this.onContinueDialog(innerDC);
    if (turnResult.status !== DialogTurnStatus.waiting) return this.endComponent(outerDC, turnResult.result);
    return Dialog.EndOfTurn;
  };
  component.resumeDialog = async function resumeDialog(this: ComponentInternals, outerDC: DialogContext): Promise<DialogTurnResult> {
    await this.checkForVersionChange(outerDC);
    await this.repromptDialog(outerDC.context, outerDC.activeDialog as DialogInstance);
    return Dialog.EndOfTurn;
  };
  component.repromptDialog = async function repromptDialog(this: ComponentInternals, context: TurnContext, instance: DialogInstance): Promise<void> {
    const innerDC = this.createInnerDC(context, instance);
    await innerDC.repromptDialog();
    await this.onRepromptDialog(context, instance);
  };
  component.endDialog = async function endDialog(this: ComponentInternals, context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    if (reason === DialogReason.cancelCalled) {
      const innerDC = this.createInnerDC(context, instance);
      await innerDC.cancelAllDialogs();
    }
    await this.onEndDialog(context, instance, reason);
  };
  return component;
}

function waterfallDialogMethods(): Record<string, unknown> {
  const waterfall: Record<string, unknown> = {};
  waterfall.beginDialog = async function beginDialog(this: WaterfallInternals, dc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const state = (dc.activeDialog as DialogInstance<WaterfallState>).state;
    state.options = options || {};
    state.values = { instanceId: crypto.randomUUID() };
    this.telemetryClient.trackEvent({ name: 'WaterfallStart', properties: { DialogId: this.id, InstanceId: state.values.instanceId } });
    trackDialogView(this.telemetryClient, this.id);
    return this.runStep(dc, 0, DialogReason.beginCalled);
  };
  waterfall.continueDialog = async function continueDialog(this: WaterfallInternals, dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    return this.resumeDialog(dc, DialogReason.continueCalled, dc.context.activity.text);
  };
  waterfall.resumeDialog = async function resumeDialog(this: WaterfallInternals, dc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const state = (dc.activeDialog as DialogInstance<WaterfallState>).state;
    return this.runStep(dc, state.stepIndex + 1, reason, result);
  };
  waterfall.onStep = async function onStep(this: WaterfallInternals, step: WaterfallStepContext): Promise<DialogTurnResult> {
    const stepName = this.waterfallStepName(step.index);
    const state = (step.activeDialog as DialogInstance<WaterfallState>).state;
    this.telemetryClient.trackEvent({ name: 'WaterfallStep', properties: { DialogId: this.id, InstanceId: state.values.instanceId, StepName: stepName } });
    const run = this.steps[step.index] as (step: WaterfallStepContext) => Promise<DialogTurnResult>;
    return run(step);
  };
  waterfall.runStep = async function runStep(this: WaterfallInternals, dc: DialogContext, index: number, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    if (index < this.steps.length) {
      const state = (dc.activeDialog as DialogInstance<WaterfallState>).state;
      state.stepIndex = index;
      let nextCalled = false;
      const step = new WaterfallStepContext(dc, {
        index,
        options: state.options,
        reason,
        result,
        values: state.values,
        onNext: async (stepResult?: unknown) => {
          if (nextCalled) throw new Error(`WaterfallStepContext.next(): method already called for dialog and step '${this.id}[${index}]'.`);
          nextCalled = true;
          return this.resumeDialog(dc, DialogReason.nextCalled, stepResult);
        },
      });
      return this.onStep(step);
    }
    return dc.endDialog(result);
  };
  waterfall.endDialog = async function endDialog(this: WaterfallInternals, _context: TurnContext, instance: DialogInstance<WaterfallState>, reason: DialogReason): Promise<void> {
    const state = instance.state;
    const instanceId = state.values.instanceId;
    if (reason === DialogReason.endCalled) {
      this.telemetryClient.trackEvent({ name: 'WaterfallComplete', properties: { DialogId: this.id, InstanceId: instanceId } });
    } else if (reason === DialogReason.cancelCalled) {
      const stepName = this.waterfallStepName(state.stepIndex);
      this.telemetryClient.trackEvent({ name: 'WaterfallCancel', properties: { DialogId: this.id, StepName: stepName, InstanceId: instanceId } });
    }
  };
  return waterfall;
}

function waterfallStepContextMethods(): Record<string, unknown> {
  const step: Record<string, unknown> = {};
  step.next = async function next(
    this: { _info: { onNext(result?: unknown): Promise<DialogTurnResult> } },
    result?: unknown,
  ): Promise<DialogTurnResult> {
    return this._info.onNext(result);
  };
  return step;
}

function trackDialogView(client: Telemetry, id: string): void {
  telemetryTrackDialogView(client as unknown as BotTelemetryClient, id);
}
