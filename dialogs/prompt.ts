import { InputHints, type Activity, type TurnContext } from 'botbuilder';
import type { DialogContext, DialogEvent, DialogInstance, DialogTurnResult, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import { Dialog } from '../src/botframework/botbuilderDialogs.js';
import type { Locale } from '../src/domain/locale.js';
import { choiceMessage } from '../src/replies/render.js';
import { turnLocale } from '../src/turn/locale.js';

/** A prompt's options, and what it was drawn from. */
export interface DrawnPromptOptions extends PromptOptions {
  /**
   * What the prompt was drawn from (its keys: a question id, counters, flags; never typed
   * text) and the language it was drawn in. Asked again in another language, the prompt is
   * drawn again from these, text and buttons, instead of replaying the old words (#18).
   */
  drawn?: { locale: Locale; args: unknown };
  /**
   * A language named here ("Español", "English") answers this question: it is the language of
   * the person's care, not of the chat, so the locale middleware does not switch (#18).
   */
  languageIsAnswer?: boolean;
}

/** Draws a prompt's options, in the turn's language, from what it was asked with. */
export type PromptDrawer<A> = (context: TurnContext, args: A) => PromptOptions | Promise<PromptOptions>;

/** What a prompt keeps in its dialog-stack frame (the same shape as botbuilder's prompts). */
export interface PromptFrame {
  options: DrawnPromptOptions;
  state: Record<string, unknown>;
}

/**
 * A prompt: asks, waits for a message, recognizes it, checks it with the validator, and
 * either ends with the value or asks again. The same contract and stack frame as
 * botbuilder's Prompt (PromptOptions, PromptValidator, `attemptCount`), so callers use
 * `step.prompt(id, options)` as before, without loading the SDK's prompts (see
 * src/botframework/botbuilderDialogs.ts). A prompt sends `prompt`, or `retryPrompt` when asking again:
 * a text with `choices` is drawn as the channel shows buttons (choiceMessage), a text
 * without them is a plain message, and an activity is sent as it is.
 */
export abstract class Prompt<T> extends Dialog<PromptOptions> {
  private drawer?: PromptDrawer<never>;

  constructor(
    dialogId: string,
    private readonly validator?: PromptValidator<T>,
  ) {
    super(dialogId);
  }

  /**
   * How this prompt is drawn from its keys. A dialog asks with `draw(context, args)`; the
   * args are kept in the frame, so asked again after the chat's language changed, the
   * prompt is drawn again in the new language, buttons and all, and it recognizes those.
   */
  drawnBy<A>(drawer: PromptDrawer<A>): this {
    this.drawer = drawer as PromptDrawer<never>;
    return this;
  }

  /** The options for `step.prompt`, drawn in the turn's language, with the keys to draw them again. */
  async draw<A>(context: TurnContext, args: A): Promise<DrawnPromptOptions> {
    if (!this.drawer) throw new Error(`prompt ${this.id} has no drawer`);
    const options = await (this.drawer as PromptDrawer<A>)(context, args);
    return { ...options, drawn: { locale: turnLocale(context), args } };
  }

  /** Draws the waiting prompt again when the chat's language is no longer the one it was drawn in. */
  private async redraw(context: TurnContext, options: DrawnPromptOptions): Promise<void> {
    if (!this.drawer || !options.drawn || options.drawn.locale === turnLocale(context)) return;
    const fresh = await this.draw(context, options.drawn.args);
    expectInput(fresh.prompt);
    expectInput(fresh.retryPrompt);
    // In place: the frame keeps the new words, so the buttons it recognizes are the ones on screen.
    for (const key of Object.keys(options) as Array<keyof DrawnPromptOptions>) delete options[key];
    Object.assign(options, fresh);
  }

  /** Reads the message; succeeded is false when it is not an answer this prompt understands. */
  protected abstract onRecognize(context: TurnContext, state: Record<string, unknown>, options: PromptOptions): Promise<PromptRecognizerResult<T>>;

  override async beginDialog(dc: DialogContext, options?: PromptOptions): Promise<DialogTurnResult> {
    const opts: PromptOptions = { ...options };
    expectInput(opts.prompt);
    expectInput(opts.retryPrompt);
    const frame = dc.activeDialog?.state as PromptFrame;
    frame.options = opts;
    frame.state = {};
    await this.onPrompt(dc.context, opts, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    // Only a message can answer a prompt (typing, reactions and events just wait).
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    const frame = dc.activeDialog?.state as PromptFrame;
    const recognized = await this.onRecognize(dc.context, frame.state, frame.options);
    let valid = recognized.succeeded;
    if (this.validator) {
      const attemptCount = (typeof frame.state.attemptCount === 'number' ? frame.state.attemptCount : 0) + 1;
      frame.state.attemptCount = attemptCount;
      valid = await this.validator({ context: dc.context, recognized, state: frame.state, options: frame.options, attemptCount });
    }
    if (valid) return dc.endDialog(recognized.value);
    // A validator that has answered already (for example with its own hint) is not repeated.
    if (!dc.context.responded) await this.onPrompt(dc.context, frame.options, true);
    return Dialog.EndOfTurn;
  }

  /** A dialog pushed on top of the prompt has ended: ask again rather than end. */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog as DialogInstance);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const frame = instance.state as PromptFrame;
    await this.onPrompt(context, frame.options, false);
  }

  /** A parent asking "is this message for a prompt?" gets the recognizer's answer. */
  protected override async onPreBubbleEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
    if (event.name !== 'activityReceived' || dc.context.activity.type !== 'message') return false;
    const frame = dc.activeDialog?.state as PromptFrame;
    return (await this.onRecognize(dc.context, frame.state, frame.options)).succeeded;
  }

  protected async onPrompt(context: TurnContext, options: DrawnPromptOptions, isRetry: boolean): Promise<void> {
    await this.redraw(context, options);
    const prompt = isRetry && options.retryPrompt !== undefined ? options.retryPrompt : options.prompt;
    if (prompt === undefined) return;
    if (typeof prompt !== 'string') {
      // A copy: what is sent must never change the options kept in conversation state.
      await context.sendActivity({ ...prompt });
      return;
    }
    const choices = (options.choices ?? []).filter((c): c is string => typeof c === 'string');
    await context.sendActivity(choices.length > 0 ? choiceMessage(context, prompt, choices) : { type: 'message', text: prompt, inputHint: InputHints.ExpectingInput });
  }
}

/** Marks a prompt activity as waiting for an answer (speech channels keep the mic open). */
function expectInput(prompt: string | Partial<Activity> | undefined): void {
  if (prompt && typeof prompt === 'object' && typeof prompt.inputHint !== 'string') prompt.inputHint = InputHints.ExpectingInput;
}

/** A prompt for free text: any non-empty message (then the validator decides). */
export class TextPrompt extends Prompt<string> {
  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<string>> {
    const text = context.activity.text;
    return typeof text === 'string' && text.length > 0 ? { succeeded: true, value: text } : { succeeded: false };
  }
}
