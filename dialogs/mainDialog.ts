import type { DialogContext, DialogInstance, DialogTurnResult, FoundChoice, PromptOptions, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, Dialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { picksChoice, QuickChoicePrompt } from './quickChoicePrompt.js';
import type { TurnContext } from 'botbuilder';
import type { Content } from '../src/domain/content.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { choiceMessage, choicePromptOptions } from '../src/replies/render.js';
import { describeProfile } from '../src/domain/profile/profileSummary.js';
import { fill } from '../src/domain/template.js';
import { helplineMessage } from '../src/replies/responses.js';
import { crisisActivity, type CrisisResponses } from '../src/replies/crisisMessages.js';
import { mostUrgent } from '../src/domain/safety/crisisKind.js';
import { crisisSignalOf, hasRouteRequest, riskSignalOf, takeRouteRequest } from '../src/turn/turnSignals.js';
import { normalizeForMatch, understand, type Recognizer } from '../src/turn/understanding.js';
import { textsFor } from '../src/turn/locale.js';
import { CrisisSupportDialog, type CrisisSupportOptions } from './crisisSupportDialog.js';
import type { AnswersRisk, ClaimsInput, KnowsLateNight, ProceedTo } from './contracts.js';
import { DialogIds } from './dialogIds.js';
import { ForgetMeDialog } from './forgetMeDialog.js';
import { LearnDialog, type LearnOptions } from './learnDialog.js';
import { actionFor, type Action, type Place, type Reply, type RouteName } from './routes.js';
import { TalkDialog, type TalkOptions } from './talkDialog.js';
import type { MeetingsOptions } from './meetingsDialog.js';
import { stepValues } from './stepValues.js';
import { Listener } from './listening.js';
import { isFaqReply, type FaqReply } from '../src/domain/listening/texts.js';

/** Below this confidence a typed message is left to the active prompt instead of interrupting it. */
export const INTERRUPT_MIN_SCORE = 0.5;

const claimsInput = (d: Dialog | undefined): d is Dialog & ClaimsInput =>
  d !== undefined && typeof (d as Partial<ClaimsInput>).claimsInput === 'function';
const knowsLateNight = (d: Dialog): d is Dialog & KnowsLateNight => typeof (d as Partial<KnowsLateNight>).isLateNight === 'function';
const answersRisk = (d: Dialog | undefined): d is Dialog & AnswersRisk =>
  d !== undefined && typeof (d as Partial<AnswersRisk>).answersRisk === 'function';

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

/** True when the text is one of the waiting prompt's buttons, word for word (a tap, not a sentence that names one). */
function tapsActiveChoice(innerDc: DialogContext, text: string): boolean {
  const said = normalizeForMatch(text);
  return activeChoices(innerDc).some((choice) => normalizeForMatch(choice) === said);
}

/** True when the text picks one of the waiting prompt's buttons: an answer, not an interruption. */
function answersActiveChoice(innerDc: DialogContext, text: string): boolean {
  return picksChoice(text, activeChoices(innerDc));
}

export interface MainLoopOptions {
  route?: RouteName;
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

/** Which text the menu shows after a route from the menu that left it in place. */
type MenuText = 'prompt' | 'again' | 'notUnderstood';

/**
 * The root dialog. It holds the menu loop and every interruption: global commands, typed
 * questions and crisis follow-up work from any prompt, and the conversation then returns
 * to where it was. What each command and intent does, and from where, is the route table
 * (routes.ts); this dialog finds where the message arrived and carries out the table's action.
 */
export class MainDialog extends ComponentDialog {
  private readonly content: Content;
  private readonly recognizer: Recognizer;
  private readonly accessors: ConversationAccessors;
  private readonly crisis: CrisisResponses;
  /** Reads every message for facts, answers the questions people ask, counts misunderstandings (#16). */
  private readonly listener: Listener;
  private readonly menuPrompt: QuickChoicePrompt;

  constructor(deps: MainDialogDeps) {
    super(DialogIds.main);
    this.content = deps.content;
    this.recognizer = deps.recognizer;
    this.accessors = deps.accessors;
    this.crisis = deps.crisis;
    this.listener = new Listener(deps.content, deps.accessors);
    this.menuPrompt = new QuickChoicePrompt(MENU_PROMPT, this.menuValidator.bind(this)).drawnBy((context, text: MenuText) => this.drawMenu(context, text));
    this.addDialog(this.menuPrompt);
    this.addDialog(new WaterfallDialog(DialogIds.mainLoop, [this.menuStep.bind(this), this.routeStep.bind(this), this.loopStep.bind(this)]));
    this.addDialog(new LearnDialog(deps.content));
    this.addDialog(new TalkDialog(deps.content));
    this.addDialog(new CrisisSupportDialog(deps.content, deps.crisis));
    this.addDialog(new ForgetMeDialog(deps.accessors, (context) => textsFor(context, deps.content).messages.forgetMe));
    for (const dialog of deps.extraDialogs ?? []) this.addDialog(dialog);
    this.initialDialogId = DialogIds.mainLoop;
  }

  /** The content in the turn's language (src/turn/locale.ts). */
  private texts(context: TurnContext): Content {
    return textsFor(context, this.content);
  }

  /**
   * The menu, and last the other language's button, written in that language ("Español" / "English").
   * Late at night the meetings going on now are one tap away too (#19).
   */
  private menuChoices(context: TurnContext, lateNight: boolean): string[] {
    const c = this.texts(context);
    const m = c.text.menu;
    return [m.learn, m.find, ...(lateNight ? [c.meetings.findMeeting] : []), m.talk, m.language];
  }

  /** Late at night where the person is, with a meetings store in service (the meetings dialog knows both). */
  private async lateNight(context: TurnContext): Promise<boolean> {
    const meetings = this.findDialog(DialogIds.meetings);
    return meetings !== undefined && knowsLateNight(meetings) && (await meetings.isLateNight(context));
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
    // The first message is read for facts too; one that only tells a situation starts the program search.
    // A risk topic (riskStep.ts) is answered first, its words kept as no fact.
    const risk = riskSignalOf(innerDc.context) ? ('risk' as const) : undefined;
    const route = options?.route ?? risk ?? (await this.listener.hearIdle(innerDc.context, this.recognizer)) ?? this.routeOfIdleTurn(innerDc.context);
    return innerDc.beginDialog(DialogIds.mainLoop, { ...options, route } satisfies MainLoopOptions);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    if (interrupted) return interrupted;
    const result = await innerDc.continueDialog();
    const route = takeRouteRequest(innerDc.context);
    if (route) return this.restartWith(innerDc, route);
    return result;
  }

  /** The row a message takes when no dialog is waiting: the menu's, with no prompt to answer. */
  private routeOfIdleTurn(context: TurnContext): RouteName | undefined {
    if (crisisSignalOf(context)) return 'crisis';
    if (riskSignalOf(context)) return 'risk';
    if (context.activity.type !== 'message') return undefined;
    const u = understand(context, this.recognizer);
    if (u.command) return u.command;
    if (u.text.length === 0) return undefined;
    return u.score >= INTERRUPT_MIN_SCORE ? u.intent : 'unknown';
  }

  // ---- The menu loop -----------------------------------------------------------------

  private async menuStep(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult> {
    const options = step.options ?? {};
    let text: MenuText = options.again ? 'again' : 'prompt';
    if (options.route) {
      // Marked before starting: a child that ends at once resumes this waterfall inside startFromMenu.
      stepValues<{ routed: boolean }>(step).routed = true;
      const started = await this.startFromMenu(step, options.route);
      if (typeof started === 'object') return started;
      stepValues<{ routed: boolean }>(step).routed = false;
      if (started) text = started;
    }
    return step.prompt(MENU_PROMPT, await this.menuPrompt.draw(step.context, text));
  }

  /** The menu in the turn's language: its first words, again, or after a misunderstanding; at night with the meetings (#19). */
  private async drawMenu(context: TurnContext, text: MenuText): Promise<PromptOptions> {
    const c = this.texts(context);
    const t = c.text;
    const late = await this.lateNight(context);
    const prompt = text === 'notUnderstood' ? t.fallback.first : text === 'again' ? t.menu.again : late ? `${c.meetings.lateNightMenu} ${t.menu.prompt}` : t.menu.prompt;
    return choicePromptOptions(prompt, this.menuChoices(context, late), t.fallback.first);
  }

  private async routeStep(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult> {
    if (stepValues<{ routed: boolean }>(step).routed) return (await this.proceed(step)) ?? step.next();
    const choice = step.result as FoundChoice;
    const m = this.texts(step.context).text.menu;
    const meeting = this.texts(step.context).meetings.findMeeting;
    const route: RouteName =
      choice.value === m.learn ? 'learn_iop' : choice.value === m.find ? 'find_program' : choice.value === meeting ? 'find_meeting' : choice.value === m.language ? 'choose_language' : 'talk_to_person';
    const started = await this.startFromMenu(step, route);
    return typeof started === 'object' ? started : step.next();
  }

  private async loopStep(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult> {
    const proceeded = await this.proceed(step);
    if (proceeded) return proceeded;
    // A child asked the root to go somewhere else: leave the menu to the root, so it is not shown twice.
    if (hasRouteRequest(step.context)) return step.endDialog();
    return step.replaceDialog(DialogIds.mainLoop, { again: true } satisfies MainLoopOptions);
  }

  /** A child that ended with { proceedTo: route } (the assessment: 'suggestions') goes on there. */
  private async proceed(step: WaterfallStepContext<MainLoopOptions>): Promise<DialogTurnResult | undefined> {
    const result = step.result as ProceedTo | undefined;
    if (result?.proceedTo === 'suggestions' && this.findDialog(DialogIds.suggestions)) {
      return step.replaceDialog(DialogIds.mainLoop, { route: result.proceedTo } satisfies MainLoopOptions);
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
    if (await this.notUnderstood(prompt.context)) {
      // The helpline card answered, so the prompt will not ask again by itself: the menu's
      // buttons follow, so there is always a next step to tap.
      const t = this.texts(prompt.context).text;
      await prompt.context.sendActivity(choiceMessage(prompt.context, t.menu.prompt, this.menuChoices(prompt.context, await this.lateNight(prompt.context))));
    }
    return false;
  }

  /**
   * Counts a misunderstanding; the second in a row brings up the helpline (true when it did).
   * The count starts again after it, so a third miss gets the plain "say it another way" with
   * the buttons, not the same card again.
   */
  private async notUnderstood(context: TurnContext): Promise<boolean> {
    const data = await this.accessors.getData(context);
    data.unknownStreak = (data.unknownStreak ?? 0) + 1;
    if (data.unknownStreak < 2) return false;
    data.unknownStreak = 0;
    await context.sendActivity(helplineMessage(context, this.content, this.texts(context).text.fallback.repeated));
    return true;
  }

  /**
   * Carries out a route's `menu` action from the menu loop. Returns the turn result when a
   * dialog was started or the loop ended, else which text the menu shows next.
   */
  private async startFromMenu(step: WaterfallStepContext<MainLoopOptions>, route: RouteName, action = actionFor(route, 'menu')): Promise<DialogTurnResult | MenuText | undefined> {
    const context = step.context;
    if (action.do === 'notUnderstood') {
      await this.notUnderstood(context);
      return 'notUnderstood';
    }
    if (route !== 'crisis') (await this.accessors.getData(context)).unknownStreak = 0;
    switch (action.do) {
      case 'say':
        await this.say(context, action.say);
        return undefined;
      case 'goodbye':
        await context.sendActivity(this.texts(context).text.goodbye);
        return step.endDialog();
      case 'open':
        if (!this.findDialog(action.dialog)) return action.otherwise ? this.startFromMenu(step, route, action.otherwise) : undefined;
        return step.beginDialog(action.dialog, this.openOptions(action, false));
      case 'menu':
        return action.onTo ? this.startFromMenu(step, action.onTo) : undefined;
      case 'cancel':
        await context.sendActivity(this.texts(context).text.cancelled);
        return 'again';
      case 'answer':
        return undefined;
    }
  }

  /** The options a dialog is opened with: whether something is waiting underneath it, and the topic asked about. */
  private openOptions(action: Extract<Action, { do: 'open' }>, underneath: boolean, again = false): object | undefined {
    switch (action.dialog) {
      case DialogIds.learn:
        return { topic: action.topic, interrupted: underneath } satisfies LearnOptions;
      case DialogIds.talk:
        return { interrupted: underneath } satisfies TalkOptions;
      case DialogIds.crisis:
        // Crisis words again while its follow-up waits: that follow-up goes on, not asked afresh.
        return { hasUnderlying: underneath, ...(again ? { again } : {}) } satisfies CrisisSupportOptions;
      case DialogIds.meetings:
        return { interrupted: underneath } satisfies MeetingsOptions;
      default:
        return undefined;
    }
  }

  /** Replies that need no dialog. */
  private async say(context: TurnContext, reply: Reply | FaqReply): Promise<void> {
    if (isFaqReply(reply)) return this.listener.answerFaq(context, reply);
    const t = this.texts(context).text;
    switch (reply) {
      case 'help':
        for (const line of t.help) await context.sendActivity(line);
        return;
      case 'cost':
        for (const line of t.cost) await context.sendActivity(line);
        return;
      case 'schedule':
        for (const line of t.schedule) await context.sendActivity(line);
        return;
      case 'greeting':
        await context.sendActivity(t.greeting);
        return;
      case 'thanks':
        await context.sendActivity(t.thanks);
        return;
      case 'languageChosen':
        await context.sendActivity(t.menu.languageChosen);
        return;
      case 'profile': {
        const lines = describeProfile(await this.accessors.getProfile(context), textsFor(context, this.content).messages.summary);
        const w = this.texts(context).messages.main;
        await context.sendActivity(lines.length === 0 ? w.knowNothing : fill(w.whatYouToldMe, { items: lines.map((l) => `- ${l}`).join('\n') }));
        return;
      }
      case 'crisisNumbers': {
        const data = await this.accessors.getData(context);
        await context.sendActivity(crisisActivity(context, this.crisis, mostUrgent(data.safety?.kinds ?? [])));
        return;
      }
      case 'risk':
        await riskSignalOf(context)?.answer();
        return;
      case 'findByPhone':
        // Until the assessment exists, people on the helpline find programs with the person.
        await context.sendActivity(helplineMessage(context, this.content, this.texts(context).messages.main.findWithHelpline));
        return;
    }
  }

  // ---- Interruptions -----------------------------------------------------------------

  /**
   * A message while a dialog is waiting: finds its row and place (routes.ts) and carries out
   * the action. Returns the turn result when it handled the message, or undefined to let
   * the waiting dialog take it as its answer.
   */
  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const place = this.placeOf(innerDc);
    // Facts first, whatever else the message is (dialogs/listening.ts); it may finish the turn.
    // A risk topic (riskStep.ts) is answered before anything else, its words kept as no fact and no answer.
    const risk = this.routeOfMessage(innerDc) === 'risk' ? ('risk' as const) : undefined;
    const heard = risk ? { route: risk } : await this.listener.hear(innerDc, place, this.recognizer, () => this.routeOfMessage(innerDc));
    if (heard.done) return heard.done;
    const route = heard.route;
    if (!route) return undefined;
    const action = actionFor(route, place);
    if (action.do === 'answer' || action.do === 'notUnderstood') return undefined;
    // At the menu every route starts from the menu loop, as if nothing were waiting.
    if (place === 'menu') return this.restartWith(innerDc, route);
    return this.runOverQuestion(innerDc, route, action);
  }

  /** The row of a message while a dialog waits, or undefined when it belongs to the waiting question (rule 3 in routes.ts). */
  private routeOfMessage(innerDc: DialogContext): RouteName | undefined {
    const context = innerDc.context;
    if (crisisSignalOf(context)) return 'crisis';
    if (context.activity.type !== 'message') return undefined;
    const u = understand(context, this.recognizer);
    const active = innerDc.activeDialog ? this.findDialog(innerDc.activeDialog.id) : undefined;
    // Withdrawal, relapse, medication (riskStep.ts) come before the question, except a tap on
    // its own button or the question that asks exactly that (the withdrawal screen).
    const risk = riskSignalOf(context);
    if (risk && !tapsActiveChoice(innerDc, u.text) && !(answersRisk(active) && innerDc.activeDialog && active.answersRisk(innerDc.activeDialog, risk.kind))) return 'risk';
    if (u.command) return u.command;
    if (u.intent === 'unknown' || u.score < INTERRUPT_MIN_SCORE) return 'unknown';
    if (answersActiveChoice(innerDc, u.text)) return undefined;
    if (claimsInput(active) && active.claimsInput(context, u, innerDc.activeDialog)) return undefined;
    return u.intent;
  }

  private placeOf(innerDc: DialogContext): Place {
    const active = innerDc.activeDialog?.id;
    if (active === undefined || active === MENU_PROMPT) return 'menu';
    return active === DialogIds.assessment ? 'assessment' : 'question';
  }

  /** Carries out an action over a waiting question (not the menu). */
  private async runOverQuestion(innerDc: DialogContext, route: RouteName, action: Action): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    switch (action.do) {
      case 'say':
        await this.say(context, action.say);
        return this.reprompt(innerDc);
      case 'goodbye':
        await context.sendActivity(this.texts(context).text.goodbye);
        return Dialog.EndOfTurn;
      case 'open': {
        if (!this.findDialog(action.dialog)) return action.otherwise ? this.runOverQuestion(innerDc, route, action.otherwise) : this.reprompt(innerDc);
        // The same dialog waiting starts again in its place, still over whatever was under it.
        if (innerDc.activeDialog?.id === action.dialog) return innerDc.replaceDialog(action.dialog, this.openOptions(action, innerDc.stack.length > 2, true));
        return innerDc.beginDialog(action.dialog, this.openOptions(action, true));
      }
      case 'menu':
        return this.restartWith(innerDc, action.onTo ?? 'start_over');
      case 'cancel':
        return this.restartWith(innerDc, 'cancel');
      case 'answer':
      case 'notUnderstood':
        return undefined;
    }
  }

  /** Drops everything open and runs the route from the menu loop. */
  private async restartWith(innerDc: DialogContext, route: RouteName): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(DialogIds.mainLoop, { route } satisfies MainLoopOptions);
  }

  private async reprompt(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
