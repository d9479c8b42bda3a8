import type { DialogContext, DialogInstance, DialogTurnResult, FoundChoice, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, Dialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { picksChoice, QuickChoicePrompt } from './quickChoicePrompt.js';
import type { TurnContext } from 'botbuilder';
import type { Content, TopicId } from '../src/domain/content.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { describeProfile } from '../src/domain/profile/profileSummary.js';
import { helplineMessage } from '../src/replies/responses.js';
import { crisisActivity, mostUrgent, type CrisisResponses } from '../src/replies/crisisMessages.js';
import { crisisSignalOf, hasRouteRequest, takeRouteRequest, type Route } from '../src/turn/turnSignals.js';
import { understand, type Recognizer, type Understanding } from '../src/turn/understanding.js';
import { CrisisSupportDialog } from './crisisSupportDialog.js';
import type { ClaimsInput, ProceedTo } from './contracts.js';
import { DialogIds } from './dialogIds.js';
import { FORGET_ME_DIALOG, ForgetMeDialog } from './forgetMeDialog.js';
import { LearnDialog, type LearnOptions } from './learnDialog.js';
import { TalkDialog } from './talkDialog.js';
import { stepValues } from './stepValues.js';

/** Below this confidence a typed message is left to the active prompt instead of interrupting it. */
export const INTERRUPT_MIN_SCORE = 0.5;

const TOPIC_OF_INTENT: Partial<Record<Route, TopicId>> = {
  topic_what_is_iop: 'what_is_iop',
  topic_group_therapy: 'group_therapy',
  topic_individual_counseling: 'individual_counseling',
  topic_support_groups: 'support_groups',
  topic_complementary: 'complementary',
  topic_aftercare: 'aftercare',
};

const claimsInput = (d: Dialog | undefined): d is Dialog & ClaimsInput =>
  d !== undefined && typeof (d as Partial<ClaimsInput>).claimsInput === 'function';

/**
 * Where a ComponentDialog keeps its inner dialog stack in its own instance state
 * (botbuilder-dialogs' PERSISTED_DIALOG_STATE). Reading it directly finds the prompt
 * waiting deepest in the stack without `dc.child`, which builds a DialogContext per level.
 */
const INNER_DIALOG_STATE = 'dialogs';

function innerActiveInstance(instance: DialogInstance | undefined): DialogInstance | undefined {
  const inner = (instance?.state as Record<string, unknown> | undefined)?.[INNER_DIALOG_STATE] as { dialogStack?: unknown } | undefined;
  const stack = inner?.dialogStack;
  return Array.isArray(stack) ? (stack.at(-1) as DialogInstance | undefined) : undefined;
}

/** The choices of the prompt waiting deepest in the stack, if it offers any. */
function activeChoices(innerDc: DialogContext): string[] {
  let instance = innerDc.activeDialog;
  for (let inner = innerActiveInstance(instance); inner; inner = innerActiveInstance(instance)) instance = inner;
  const options = (instance?.state as { options?: { choices?: unknown } } | undefined)?.options;
  return Array.isArray(options?.choices) ? options.choices.filter((c): c is string => typeof c === 'string') : [];
}

/** True when the text picks one of the waiting prompt's buttons: an answer, not an interruption. */
function answersActiveChoice(innerDc: DialogContext, text: string): boolean {
  return picksChoice(text, activeChoices(innerDc));
}

export interface MainLoopOptions {
  route?: Route;
  /** Show "anything else?" instead of the first menu text. */
  again?: boolean;
}

export interface MainDialogDeps {
  content: Content;
  recognizer: Recognizer;
  accessors: ConversationAccessors;
  crisis: CrisisResponses;
  /** Dialogs added by later features (assessment, suggestions, callback), keyed by their DialogIds. */
  extraDialogs?: readonly Dialog[];
}

const MENU_PROMPT = 'mainMenu';

/**
 * The root dialog. It holds the menu loop and every interruption: global commands, typed
 * questions and crisis follow-up work from any prompt, and the conversation then returns
 * to where it was.
 */
export class MainDialog extends ComponentDialog {
  private readonly content: Content;
  private readonly recognizer: Recognizer;
  private readonly accessors: ConversationAccessors;
  private readonly crisis: CrisisResponses;

  constructor(deps: MainDialogDeps) {
    super(DialogIds.main);
    this.content = deps.content;
    this.recognizer = deps.recognizer;
    this.accessors = deps.accessors;
    this.crisis = deps.crisis;
    this.addDialog(new QuickChoicePrompt(MENU_PROMPT, this.menuValidator.bind(this)));
    this.addDialog(new WaterfallDialog(DialogIds.mainLoop, [this.menuStep.bind(this), this.routeStep.bind(this), this.loopStep.bind(this)]));
    this.addDialog(new LearnDialog(deps.content));
    this.addDialog(new TalkDialog(deps.content));
    this.addDialog(new CrisisSupportDialog(deps.content, deps.crisis));
    this.addDialog(new ForgetMeDialog(deps.accessors));
    for (const dialog of deps.extraDialogs ?? []) this.addDialog(dialog);
    this.initialDialogId = DialogIds.mainLoop;
  }

  private menuChoices(): string[] {
    const m = this.content.text.menu;
    return [m.learn, m.find, m.talk];
  }

  // ---- Turn entry points -------------------------------------------------------------

  /**
   * One turn, with this dialog's own set at the root of the conversation's stack (the bot
   * runs it so; see RecoveryBot.runDialogs): continues what is waiting, or starts the
   * menu loop when nothing is.
   */
  async runTurn(dc: DialogContext): Promise<DialogTurnResult> {
    return dc.activeDialog ? this.onContinueDialog(dc) : this.onBeginDialog(dc);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: MainLoopOptions): Promise<DialogTurnResult> {
    const route = options?.route ?? this.routeOfIdleTurn(innerDc.context);
    return innerDc.beginDialog(DialogIds.mainLoop, { ...options, route } satisfies MainLoopOptions);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    if (interrupted) return interrupted;
    const result = await innerDc.continueDialog();
    const route = takeRouteRequest(innerDc.context);
    if (route) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(DialogIds.mainLoop, { route } satisfies MainLoopOptions);
    }
    return result;
  }

  /** What to do with a message when no dialog is waiting for an answer. */
  private routeOfIdleTurn(context: TurnContext): Route | undefined {
    if (crisisSignalOf(context)) return 'crisis';
    if (context.activity.type !== 'message') return undefined;
    const u = understand(context, this.recognizer);
    if (u.command) return u.command === 'get_help_now' ? 'crisis' : u.command === 'cancel' || u.command === 'restart' ? 'start_over' : u.command;
    if (u.text.length === 0) return undefined;
    return u.score >= INTERRUPT_MIN_SCORE ? u.intent : 'unknown';
  }

  // ---- The menu loop -----------------------------------------------------------------

  private async menuStep(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult> {
    const options = step.options ?? {};
    const route = options.route;
    if (route && route !== 'start_over') {
      // Marked before starting: a child that ends at once resumes this waterfall inside startRoute.
      stepValues<{ routed: boolean }>(step).routed = true;
      const started = await this.startRoute(step, route);
      if (started) return started;
      stepValues<{ routed: boolean }>(step).routed = false;
    }
    const text = route === 'unknown' ? this.content.text.fallback.first : options.again ? this.content.text.menu.again : this.content.text.menu.prompt;
    return step.prompt(MENU_PROMPT, choicePromptOptions(text, this.menuChoices(), this.content.text.fallback.first));
  }

  private async routeStep(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult> {
    if (stepValues<{ routed: boolean }>(step).routed) return (await this.proceed(step)) ?? step.next();
    const choice = step.result as FoundChoice;
    const m = this.content.text.menu;
    if (choice.value === m.learn) return step.beginDialog(DialogIds.learn, {} satisfies LearnOptions);
    if (choice.value === m.find) return (await this.beginFind(step)) ?? step.next();
    return step.beginDialog(DialogIds.talk);
  }

  private async loopStep(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult> {
    const proceeded = await this.proceed(step);
    if (proceeded) return proceeded;
    // A child asked the root to go somewhere else: leave the menu to the root, so it is not shown twice.
    if (hasRouteRequest(step.context)) return step.endDialog();
    return step.replaceDialog(DialogIds.mainLoop, { again: true } satisfies MainLoopOptions);
  }

  /** A child that ended with { proceedTo: 'suggestions' } (the assessment) continues into program suggestions. */
  private async proceed(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult | undefined> {
    const result = step.result as ProceedTo | undefined;
    if (result?.proceedTo === 'suggestions' && this.findDialog(DialogIds.suggestions)) {
      return step.replaceDialog(DialogIds.mainLoop, { route: 'suggestions' } satisfies MainLoopOptions);
    }
    return undefined;
  }

  /** Counts misunderstood answers to the menu: the second in a row adds the helpline. */
  private async menuValidator(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const data = await this.accessors.getData(prompt.context);
    if (prompt.recognized.succeeded) {
      data.unknownStreak = 0;
      return true;
    }
    data.unknownStreak = (data.unknownStreak ?? 0) + 1;
    if (data.unknownStreak >= 2) {
      await prompt.context.sendActivity(helplineMessage(prompt.context, this.content, this.content.text.fallback.repeated));
    }
    return false;
  }

  /**
   * Starts what a route asks for from the menu loop. Returns undefined when the route
   * only needed a reply, so the menu is shown after it.
   */
  private async startRoute(step: WaterfallStepContext<MainLoopOptions>, route: Route): Promise<DialogTurnResult | undefined> {
    const context = step.context;
    if (route === 'crisis') {
      return step.beginDialog(DialogIds.crisis, { hasUnderlying: false });
    }
    if (route === 'unknown') {
      const data = await this.accessors.getData(context);
      data.unknownStreak = (data.unknownStreak ?? 0) + 1;
      if (data.unknownStreak >= 2) {
        await context.sendActivity(helplineMessage(context, this.content, this.content.text.fallback.repeated));
      }
      return undefined;
    }
    const data = await this.accessors.getData(context);
    data.unknownStreak = 0;
    const topic = TOPIC_OF_INTENT[route];
    if (topic) return step.beginDialog(DialogIds.learn, { topic } satisfies LearnOptions);
    switch (route) {
      case 'learn_iop':
        return step.beginDialog(DialogIds.learn, {} satisfies LearnOptions);
      case 'find_program':
        return this.beginFind(step);
      case 'talk_to_person':
        return step.beginDialog(DialogIds.talk);
      case 'request_callback':
        return step.beginDialog(this.findDialog(DialogIds.callback) ? DialogIds.callback : DialogIds.talk);
      case 'forget_me':
        return step.beginDialog(FORGET_ME_DIALOG);
      case 'suggestions':
        return this.findDialog(DialogIds.suggestions) ? step.beginDialog(DialogIds.suggestions) : undefined;
      case 'goodbye':
        await context.sendActivity(this.content.text.goodbye);
        return step.endDialog();
      default:
        await this.reply(context, route);
        return undefined;
    }
  }

  /** Starts the program search; returns undefined (show the menu) when it only sent the helpline. */
  private async beginFind(step: WaterfallStepContext): Promise<DialogTurnResult | undefined> {
    if (this.findDialog(DialogIds.assessment)) return step.beginDialog(DialogIds.assessment);
    // Until the assessment exists, people on the helpline find programs with the person.
    await step.context.sendActivity(helplineMessage(step.context, this.content, 'Our helpline can help you find a program that fits your life.'));
    return undefined;
  }

  /** Replies that need no dialog: returns true when it sent something. */
  private async reply(context: TurnContext, route: Route | 'help'): Promise<boolean> {
    const t = this.content.text;
    switch (route) {
      case 'help':
        for (const line of t.help) await context.sendActivity(line);
        return true;
      case 'cost_insurance':
        for (const line of t.cost) await context.sendActivity(line);
        return true;
      case 'schedule_time':
        for (const line of t.schedule) await context.sendActivity(line);
        return true;
      case 'greeting':
        await context.sendActivity(t.greeting);
        return true;
      case 'thanks':
        await context.sendActivity(t.thanks);
        return true;
      case 'what_do_you_know': {
        const lines = describeProfile(await this.accessors.getProfile(context));
        await context.sendActivity(
          lines.length === 0
            ? "I don't know anything about you yet. I only keep the answers you give me during our chat, and you can say \"forget me\" any time."
            : `Here's what you've told me:\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\nSay "forget me" to erase it.`,
        );
        return true;
      }
      default:
        return false;
    }
  }

  // ---- Interruptions -----------------------------------------------------------------

  /**
   * Handles a message that is not an answer to the active prompt. Returns the turn result
   * when it handled the message, or undefined to let the active dialog continue.
   */
  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    const signal = crisisSignalOf(context);
    if (signal) {
      if (innerDc.activeDialog?.id === DialogIds.crisis) return innerDc.replaceDialog(DialogIds.crisis, { hasUnderlying: innerDc.stack.length > 2 });
      return innerDc.beginDialog(DialogIds.crisis, { hasUnderlying: !this.atMenu(innerDc) });
    }
    if (context.activity.type !== 'message') return undefined;
    const u = understand(context, this.recognizer);
    const active = innerDc.activeDialog ? this.findDialog(innerDc.activeDialog.id) : undefined;
    const claimed = claimsInput(active) && active.claimsInput(context, u);
    // "start over" inside a dialog that has its own (the assessment clears its answers) belongs to it;
    // every other command works the same from every prompt.
    if (u.command === 'restart' && claimed) return undefined;
    if (u.command) return this.runCommand(innerDc, u.command === 'restart' ? 'start_over' : u.command);
    if (u.intent === 'unknown' || u.score < INTERRUPT_MIN_SCORE) return undefined;
    if (answersActiveChoice(innerDc, u.text)) return undefined;
    if (claimed) return undefined;
    if (this.atMenu(innerDc)) return this.restartWith(innerDc, u.intent);

    const topic = TOPIC_OF_INTENT[u.intent];
    if (topic || u.intent === 'learn_iop') {
      const options: LearnOptions = { topic, interrupted: true };
      if (innerDc.activeDialog?.id === DialogIds.learn) return innerDc.replaceDialog(DialogIds.learn, { ...options, interrupted: innerDc.stack.length > 2 });
      return innerDc.beginDialog(DialogIds.learn, options);
    }
    switch (u.intent) {
      case 'find_program':
        return this.restartWith(innerDc, 'find_program');
      case 'talk_to_person':
        await context.sendActivity(helplineMessage(context, this.content));
        return this.reprompt(innerDc);
      case 'request_callback':
        if (this.findDialog(DialogIds.callback)) return innerDc.beginDialog(DialogIds.callback);
        await context.sendActivity(helplineMessage(context, this.content));
        return this.reprompt(innerDc);
      case 'start_over':
        return this.restartWith(innerDc, 'start_over');
      case 'cancel':
        return this.runCommand(innerDc, 'cancel');
      case 'goodbye':
        await context.sendActivity(this.content.text.goodbye);
        return Dialog.EndOfTurn;
      case 'forget_me':
        return innerDc.beginDialog(FORGET_ME_DIALOG);
      default:
        if (await this.reply(context, u.intent)) return this.reprompt(innerDc);
        return undefined;
    }
  }

  private async runCommand(innerDc: DialogContext, command: Exclude<Understanding['command'], 'restart' | undefined>): Promise<DialogTurnResult> {
    const context = innerDc.context;
    switch (command) {
      case 'help':
        await this.reply(context, 'help');
        return this.reprompt(innerDc);
      case 'talk_to_person':
        if (this.atMenu(innerDc)) return this.restartWith(innerDc, 'talk_to_person');
        await context.sendActivity(helplineMessage(context, this.content));
        return this.reprompt(innerDc);
      case 'get_help_now': {
        const data = await this.accessors.getData(context);
        await context.sendActivity(crisisActivity(context, this.crisis, mostUrgent(data.safety?.kinds ?? [])));
        return this.reprompt(innerDc);
      }
      case 'cancel':
        await innerDc.cancelAllDialogs();
        await context.sendActivity(this.content.text.cancelled);
        return innerDc.beginDialog(DialogIds.mainLoop, { again: true } satisfies MainLoopOptions);
      case 'start_over':
        return this.restartWith(innerDc, 'start_over');
    }
  }

  private atMenu(innerDc: DialogContext): boolean {
    return innerDc.activeDialog?.id === MENU_PROMPT;
  }

  private async restartWith(innerDc: DialogContext, route: Route): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(DialogIds.mainLoop, { route } satisfies MainLoopOptions);
  }

  private async reprompt(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
