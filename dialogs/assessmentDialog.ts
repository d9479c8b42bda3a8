import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogInstance, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { TextPrompt, type DrawnPromptOptions } from './prompt.js';
import { applyAnswers } from '../src/domain/assessment/applyAnswers.js';
import { answeredMultiSelects, clearAnswer, emptyAnswers, hasAnswers, type Answers } from '../src/domain/assessment/answers.js';
import { parseAnswer, optionsNamed, tappedOption, type ParsedAnswer } from '../src/domain/assessment/answerParser.js';
import { placeNamed, resolvePlace, stateAnswered } from '../src/domain/assessment/location.js';
import { withFactsOfEveryLanguage } from '../src/domain/assessment/heardFacts.js';
import { loadAssessmentTexts, type AssessmentText } from '../src/domain/assessment/assessmentText.js';
import { LOCALES, perLocale, type PerLocale } from '../src/domain/locale.js';
import { turnLocale } from '../src/turn/locale.js';
import { guidanceIn, loadGuidanceTexts, type GuidanceText } from '../src/domain/guidance/guidanceText.js';
import { claimsAnswer } from '../src/domain/assessment/claims.js';
import { confirmationMessage, fill } from '../src/domain/assessment/confirmation.js';
import { controlOf, type Control } from '../src/domain/assessment/controls.js';
import { extractAnswers } from '../src/domain/assessment/freeText.js';
import { applyFacts, hasFacts, readFacts, type Facts } from '../src/domain/assessment/facts.js';
import { unmappedOptions } from '../src/domain/assessment/optionCheck.js';
import { correctionOf } from '../src/domain/assessment/corrections.js';
import { isMultiSelect, WITHDRAWAL_QUESTIONS, type ProfileQuestionId, type QuestionId } from '../src/domain/assessment/questionIds.js';
import { isRelevant, nextQuestion, type AssessmentMode, type Progress } from '../src/domain/assessment/questions.js';
import type { Content } from '../src/domain/content.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { evaluateGuidance, type Guidance } from '../src/domain/guidance/careRules.js';
import { metrics } from '../src/metrics.js';
import type { Profile } from '../src/domain/profile/profile.js';
import type { ListingsNear } from '../src/domain/catalog/programSuggester.js';
import { helplineMessage } from '../src/replies/responses.js';
import type { Understanding } from '../src/turn/understanding.js';
import { questionPrompt, type PlaceProblem, type PromptState } from './assessmentPrompt.js';
import { DialogIds } from './dialogIds.js';
import type { AnswersRisk, ClaimsInput, ProceedTo } from './contracts.js';
import { isWithdrawal, type RiskKind } from '../src/domain/safety/riskTopics.js';
import { stepValues } from './stepValues.js';
import { heardThisTurn, pendingQuestion, placeAskedThisTurn, removedLine, speakingOf } from './listening.js';
import { listeningTexts } from '../src/domain/listening/texts.js';

/** What the assessment hands back to the root when it ends. */
export interface AssessmentResult extends ProceedTo {
  /** "suggestions": the root should show matching programs next (set only when that dialog exists). */
  proceedTo?: 'suggestions';
  /** The guidance said detox comes first: only detox programs should be suggested. */
  detoxOnly: boolean;
  /** False when the person chose not to go on (e.g. "Not now" after the detox guidance). */
  completed: boolean;
}

export interface AssessmentDialogDeps {
  accessors: ConversationAccessors;
  content: Content;
  /** Defaults to data/assessment.json. */
  text?: AssessmentText;
  /** Defaults to the level-of-care rules in data/care-rules.json. */
  guide?: (profile: Profile) => Guidance;
  /** The catalog's view of a place: with no listings near, the questions stop and the honest answer comes at once. */
  listings?: ListingsNear;
}

type Stage = 'resume' | 'questions' | 'detoxOffer';

/** Everything the loop carries from turn to turn: question ids and counters, never typed text. */
interface LoopState extends PromptState, Progress {
  stage: Stage;
  /** Questions answered or skipped, in order, for "back". */
  history: ProfileQuestionId[];
  /** Asked next whatever else is pending ("back", or picking several answers). */
  forced?: ProfileQuestionId;
  /** The helpline has been offered for being stuck on a question. */
  stuckHelplineSent?: boolean;
}

/** What the question on screen is drawn from: its id and how it is asked (never typed text). */
interface Asked {
  id: QuestionId;
  prompt: PromptState;
}

const LOOP = 'assessmentLoop';
const ANSWER_PROMPT = 'assessmentAnswer';
const SCREEN: readonly QuestionId[] = WITHDRAWAL_QUESTIONS;

const initialState = (stage: Stage, quick = false): LoopState => ({ stage, mode: 'full', quick, history: [], skipped: [], confirmed: [], attempt: 0 });

/** Asked before anything else, whatever the catalog says about the place: safety first. */
const SAFETY_FIRST: readonly QuestionId[] = ['resume', 'detoxOffer', 'careStage', ...WITHDRAWAL_QUESTIONS];

/** A fresh question: no retries, no pending problem, not forced. */
const settled = (state: LoopState): LoopState => ({
  ...state,
  attempt: 0,
  placeProblem: undefined,
  languageOther: undefined,
  forced: undefined,
});

/** "There's more than one {city}": the example names its likeliest state. */
function ambiguousPlace(city: string): PlaceProblem {
  const place = placeNamed(city);
  return { kind: 'ambiguous', city, exampleState: place.kind === 'ambiguous' ? (place.states[0] ?? 'OR') : place.kind === 'found' ? (place.location.state ?? 'OR') : 'OR' };
}

const without = <T,>(list: readonly T[], item: T): T[] => list.filter((x) => x !== item);
const withOnce = <T,>(list: readonly T[], item: T): T[] => (list.includes(item) ? [...list] : [...list, item]);

/**
 * "Getting to know the person": one short question at a time, buttons or free text,
 * skip / back / start over, and a withdrawal safety screen that stops the IOP questions
 * when detox should come first. Ends by showing the level-of-care guidance.
 */
export class AssessmentDialog extends ComponentDialog implements ClaimsInput, AnswersRisk {
  private readonly accessors: ConversationAccessors;
  private readonly content: Content;
  /** The assessment's words in every locale; textOf(context) gives the turn's. */
  private readonly texts: PerLocale<AssessmentText>;
  private readonly guidanceTexts: PerLocale<GuidanceText | undefined>;
  private readonly helplineNumber: string;
  private readonly guide: (profile: Profile) => Guidance;
  private readonly listings?: ListingsNear;
  /** The question on screen, drawn from its id and the loop's counters (so it can be drawn again in another language). */
  private readonly answerPrompt: TextPrompt;

  constructor(deps: AssessmentDialogDeps) {
    super(DialogIds.assessment);
    this.accessors = deps.accessors;
    this.content = deps.content;
    // A test's own text serves every locale; otherwise each locale's data/ file (assessmentText.ts).
    const own = deps.text;
    this.texts = own ? perLocale(() => own) : loadAssessmentTexts();
    this.guidanceTexts = loadGuidanceTexts();
    this.helplineNumber = deps.content.text.helpline.display;
    this.listings = deps.listings;
    const helplineNumber = deps.content.text.helpline.display;
    this.guide = deps.guide ?? ((profile) => evaluateGuidance(profile, undefined, { helplineNumber }));
    const problems = LOCALES.flatMap((locale) => unmappedOptions(this.texts[locale]));
    if (problems.length > 0) throw new Error(`Assessment text does not fit the profile:\n${problems.join('\n')}`);

    this.answerPrompt = new TextPrompt(ANSWER_PROMPT).drawnBy((context, asked: Asked) => this.drawQuestion(context, asked));
    this.addDialog(this.answerPrompt);
    this.addDialog(new WaterfallDialog(LOOP, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  /** The assessment's words in the turn's language. */
  private textOf(context: TurnContext): AssessmentText {
    return this.texts[turnLocale(context)];
  }

  /** Lets the root leave answers, "skip", "back" and "start over" to this dialog. */
  claimsInput(context: TurnContext, understanding: Understanding): boolean {
    // The question on screen reads the words first ("I'm ready" at the readiness question).
    return claimsAnswer(understanding.text, this.textOf(context), pendingQuestion(context), placeAskedThisTurn(context));
  }

  /**
   * Withdrawal words are the answer while the withdrawal screen asks about them ("I drink
   * every day", "yes, the shakes"): the screen records them and its detox-first stop follows.
   * Anywhere else in the assessment they are an aside, answered by the risk step.
   */
  answersRisk(instance: DialogInstance, kind: RiskKind): boolean {
    if (!isWithdrawal(kind) || kind === 'withdrawal_emergency') return false;
    const inner = (instance.state as { dialogs?: { dialogStack?: DialogInstance[] } } | undefined)?.dialogs?.dialogStack?.[0];
    const asking = (inner?.state as { values?: { asking?: unknown } } | undefined)?.values?.asking;
    return (SCREEN as readonly unknown[]).includes(asking);
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const profile = await this.accessors.getProfile(innerDc.context);
    const forThem = profile.forWhom !== undefined && profile.forWhom !== 'self';
    await innerDc.context.sendActivity(forThem ? listeningTexts(turnLocale(innerDc.context)).someoneElse.searchIntro : this.textOf(innerDc.context).messages.intro);
    // With programs to show, results come early and the other questions come after them.
    const quick = innerDc.findDialog(DialogIds.suggestions) !== undefined;
    // Facts told in passing before the questions ever began ("leaving rehab Friday, in Tucson")
    // are not earlier answers to keep or drop: go on with them, and ask only what is missing.
    const data = await this.accessors.getData(innerDc.context);
    const begun = data.assessmentBegun === true;
    data.assessmentBegun = true;
    if (heardThisTurn(innerDc.context) || (data.heardFacts && !begun)) {
      return innerDc.beginDialog(LOOP, { ...initialState('questions', quick), confirmed: answeredMultiSelects(profile) } satisfies LoopState);
    }
    const stage: Stage = Object.keys(profile).length > 0 ? 'resume' : 'questions';
    // "Find a program for my son, he's 16": who it is for and their age are kept, not asked.
    await this.keepSideFacts(innerDc.context, true);
    return innerDc.beginDialog(LOOP, initialState(stage, quick));
  }

  /**
   * What an answer or the opening words say beyond the question's own answer: who the help is
   * for, their age, gender, a medication ("I'm in an IOP and on Suboxone"). Kept, never asked
   * again; the medication filters the programs and is a reason on their cards. `all` keeps the
   * question answers said too (the opening words, which no question reads).
   */
  private async keepSideFacts(context: TurnContext, all = false, pending?: ProfileQuestionId): Promise<void> {
    const text = context.activity.type === 'message' ? context.activity.text : undefined;
    if (typeof text !== 'string' || text.length === 0) return;
    // At "how old are they?" a bare number is their age ("diecisiete"), kept as the age itself.
    const facts = readFacts(text, pending ? { pending } : {});
    const side: Facts = {
      answers: all ? facts.answers : emptyAnswers(),
      removed: {},
      ...(facts.forWhom ? { forWhom: facts.forWhom } : {}),
      ...(facts.age !== undefined ? { age: facts.age } : {}),
      ...(facts.gender ? { gender: facts.gender } : {}),
      ...(facts.medication ? { medication: facts.medication } : {}),
    };
    if (!hasFacts(side)) return;
    const { profile, changes } = applyFacts(await this.accessors.getProfile(context), side);
    await this.accessors.setProfile(context, profile);
    const message = all ? confirmationMessage(changes, this.textOf(context), { gotIt: true, ...speakingOf(profile, listeningTexts(turnLocale(context))) }) : undefined;
    if (message) await context.sendActivity(message);
  }

  // ---- The question loop -------------------------------------------------------------

  private async askStep(step: WaterfallStepContext<LoopState>): Promise<DialogTurnResult> {
    const state = step.options;
    const profile = await this.accessors.getProfile(step.context);
    // A forced question ("back") that no longer applies (they changed where they are in care) gives way.
    const forced = state.forced && isRelevant(state.forced, profile, state.mode) ? state.forced : undefined;
    const id: QuestionId | undefined =
      state.stage === 'resume' ? 'resume' : state.stage === 'detoxOffer' ? 'detoxOffer' : (forced ?? nextQuestion(profile, state));
    if (id === undefined) return this.finish(step, profile, state);
    // No listings near the place they gave: say so now rather than ask on (the screen comes first).
    if (state.quick && !SAFETY_FIRST.includes(id) && profile.location && this.listings?.noneNear(profile)) return this.finish(step, profile, state);
    stepValues<{ asking: QuestionId }>(step).asking = id;
    // "I live in Portland" said before: the place question asks which one.
    const placeAsked = id === 'location' && !state.placeProblem ? (await this.accessors.getData(step.context)).placeAsked : undefined;
    const { attempt, placeProblem, languageOther } = placeAsked === undefined ? state : { ...state, placeProblem: ambiguousPlace(placeAsked) };
    const asked: Asked = { id, prompt: { attempt, ...(placeProblem ? { placeProblem } : {}), ...(languageOther ? { languageOther } : {}) } };
    return step.prompt(ANSWER_PROMPT, await this.answerPrompt.draw(step.context, asked));
  }

  /** A question as it is asked now, in the turn's language: about them when the help is for someone else. */
  private async drawQuestion(context: TurnContext, asked: Asked): Promise<DrawnPromptOptions> {
    const profile = await this.accessors.getProfile(context);
    const aboutThem = profile.forWhom && profile.forWhom !== 'self' ? listeningTexts(turnLocale(context)).aboutThem : undefined;
    const options: DrawnPromptOptions = questionPrompt(asked.id, profile, asked.prompt, this.textOf(context), aboutThem);
    // "Español" tapped here is the care's language, not the chat's (src/turn/locale.ts).
    if (asked.id === 'language') options.languageIsAnswer = true;
    return options;
  }

  private async answerStep(step: WaterfallStepContext<LoopState>): Promise<DialogTurnResult> {
    const state = step.options;
    const id = stepValues<{ asking: QuestionId }>(step).asking ?? 'careStage';
    const text = typeof step.result === 'string' ? step.result : '';
    const control = controlOf(text, { skip: this.textOf(step.context).messages.skipLabel, done: this.textOf(step.context).messages.doneLabel });
    if (control === 'restart') return this.restart(step);
    if (control === 'back') return this.back(step, state);
    if (id === 'resume') return this.answerResume(step, state, text, control);
    if (id === 'detoxOffer') return this.answerDetoxOffer(step, state, text, control);
    if (control === 'skip' || control === 'done') return this.skipOrDone(step, state, id, control);
    return this.answerQuestion(step, state, id, text);
  }

  private async answerQuestion(step: WaterfallStepContext<LoopState>, state: LoopState, id: ProfileQuestionId, text: string): Promise<DialogTurnResult> {
    // "I said nights, not days" at "when could you go?": the shift said before is corrected,
    // and this question is asked again (its own reading would take nights and days as times).
    const correction = correctionOf(text, await this.accessors.getProfile(step.context), this.textOf(step.context));
    if (correction && correction.question !== id) {
      const values: Answers = { ...emptyAnswers(), values: { [correction.question]: correction.values } };
      await this.record(step.context, values, new Set([correction.question]), { gotIt: true });
      return step.replaceDialog(LOOP, { ...settled(state), forced: state.forced } satisfies LoopState);
    }
    // A tapped age group ("65 or older") is the group, not an age.
    const tapped = tappedOption(text, this.textOf(step.context).questions[id]) !== undefined;
    await this.keepSideFacts(step.context, false, tapped ? undefined : id);
    const parsed = (await this.placeOfAskedCity(step.context, id, text)) ?? withFactsOfEveryLanguage(parseAnswer(id, text, this.textOf(step.context).questions[id]), id, text);
    if (parsed.kind === 'other_language') return step.replaceDialog(LOOP, { ...settled(state), languageOther: true, forced: state.forced });
    if (parsed.kind === 'unrecognized') return this.reask(step, state);
    if (parsed.kind === 'place_problem') {
      const problem: PlaceProblem =
        parsed.problem.kind === 'ambiguous'
          ? { kind: 'ambiguous', city: parsed.problem.city, exampleState: parsed.problem.states[0] ?? 'OR' }
          : { kind: parsed.problem.kind };
      // The state said next places it, whoever reads the reply first (the root, the listener).
      if (problem.kind === 'ambiguous') (await this.accessors.getData(step.context)).placeAsked = problem.city;
      return this.reask(step, { ...state, placeProblem: problem });
    }

    const multi = isMultiSelect(id);
    const wholeAnswer = parsed.own.some((v) => v === 'none' || v === 'any');
    // A tap on one of several answers adds to the picks; typing "evenings and weekends" answers in one go.
    // Before the first results a tap on a time answers at once; typing "evenings and weekends" gives several.
    const picking = multi && parsed.tapped && !wholeAnswer && !(state.quick && id === 'availability');
    // Words typed after a tap add to it ("Part-time job", then "and my kids"): only a first answer replaces.
    const replace = new Set<ProfileQuestionId>(parsed.own.length > 0 && !picking && state.forced !== id ? [id] : []);
    // "Not me, my kids are in school": what is taken back goes too (a tap takes nothing back).
    const removed = parsed.tapped ? undefined : readFacts(text).removed;
    const profile = await this.record(step.context, parsed.answers, replace, { gotIt: !parsed.tapped }, removed);

    let next: LoopState = { ...settled(state), forced: state.forced };
    if (parsed.own.length > 0) {
      next = picking ? { ...next, forced: id } : { ...next, forced: undefined, history: withOnce(state.history, id) };
      if (multi && !picking) next.confirmed = withOnce(state.confirmed, id);
      if (SCREEN.includes(id) && parsed.own[0] === 'not_sure') {
        next.skipped = withOnce(state.skipped, id);
        await step.context.sendActivity(fill(this.textOf(step.context).messages.withdrawalNotSure, { helpline: this.helplineNumber }));
      }
    }
    return this.continueWith(step, profile, next);
  }

  /**
   * After "there's more than one Portland: which state?", a state named alone ("Maine", "MO",
   * "en Illinois") is that city in that state; "Maine" is not the town of Maine, NY.
   */
  private async placeOfAskedCity(context: TurnContext, id: ProfileQuestionId, text: string): Promise<ParsedAnswer | undefined> {
    if (id !== 'location') return undefined;
    const city = (await this.accessors.getData(context)).placeAsked;
    const state = city === undefined ? undefined : stateAnswered(text);
    const place = state === undefined ? undefined : resolvePlace(`${city}, ${state}`);
    return place?.kind === 'found' ? { kind: 'answer', answers: { ...emptyAnswers(), location: place.location }, own: ['found'], tapped: false } : undefined;
  }

  /** Saves answers to the profile and says what was understood and what changed. */
  private async record(context: TurnContext, answers: Answers, replace: ReadonlySet<ProfileQuestionId>, options: { gotIt: boolean }, removed?: Facts['removed']): Promise<Profile> {
    const before = await this.accessors.getProfile(context);
    const applied = applyAnswers(before, answers, replace);
    const { changes } = applied;
    const profile = removed?.responsibilities?.length ? applyFacts(applied.profile, { answers: emptyAnswers(), removed }).profile : applied.profile;
    await this.accessors.setProfile(context, profile);
    if (answers.location) delete (await this.accessors.getData(context)).placeAsked;
    const listening = listeningTexts(turnLocale(context));
    // Help for someone else: "they work nights", "tu hija tiene 17 años" (listening.ts speakingOf).
    const message = confirmationMessage(changes, this.textOf(context), { ...options, ...speakingOf(profile, listening) });
    // Only what was taken back: an answer replaced at its own question is not "taken out".
    const gone = removedLine(applied.profile, profile, this.textOf(context), listening);
    const said = [message, gone].filter((line): line is string => line !== undefined);
    if (said.length > 0) await context.sendActivity(said.join(' '));
    return profile;
  }

  /**
   * Goes on after an answer. If the answers now say detox comes first, the IOP questions
   * stop here: the guidance and the helpline are shown at once.
   */
  private async continueWith(step: WaterfallStepContext<LoopState>, profile: Profile, next: LoopState): Promise<DialogTurnResult> {
    const guidance = this.guide(profile);
    if (next.mode === 'full' && !guidance.iopAllowed) {
      await this.showGuidance(step.context, guidance);
      await step.context.sendActivity(helplineMessage(step.context, this.content));
      return step.replaceDialog(LOOP, { ...settled(next), stage: 'detoxOffer' } satisfies LoopState);
    }
    // An earlier "yes" was corrected: the full set of questions applies again.
    const mode: AssessmentMode = next.mode === 'detox' && guidance.iopAllowed ? 'full' : next.mode;
    return step.replaceDialog(LOOP, { ...next, mode } satisfies LoopState);
  }

  private async reask(step: WaterfallStepContext<LoopState>, state: LoopState): Promise<DialogTurnResult> {
    const attempt = state.attempt + 1;
    let stuckHelplineSent = state.stuckHelplineSent;
    if (attempt >= 3 && !stuckHelplineSent) {
      await step.context.sendActivity(helplineMessage(step.context, this.content, this.textOf(step.context).messages.stuckHelpline));
      stuckHelplineSent = true;
    }
    return step.replaceDialog(LOOP, { ...state, attempt, stuckHelplineSent } satisfies LoopState);
  }

  private async skipOrDone(step: WaterfallStepContext<LoopState>, state: LoopState, id: ProfileQuestionId, control: Control): Promise<DialogTurnResult> {
    const profile = await this.accessors.getProfile(step.context);
    if (id === 'location') delete (await this.accessors.getData(step.context)).placeAsked;
    const next: LoopState = { ...settled(state), history: withOnce(state.history, id) };
    const picked = isMultiSelect(id) && answeredMultiSelects(profile).includes(id);
    if (picked) next.confirmed = withOnce(state.confirmed, id);
    else {
      next.skipped = withOnce(state.skipped, id);
      if (control === 'skip') await step.context.sendActivity(this.textOf(step.context).messages.skipped);
    }
    return step.replaceDialog(LOOP, next);
  }

  private async back(step: WaterfallStepContext<LoopState>, state: LoopState): Promise<DialogTurnResult> {
    const previous = state.history.at(-1);
    if (previous === undefined) {
      await step.context.sendActivity(this.textOf(step.context).messages.backAtFirst);
      return step.replaceDialog(LOOP, { ...settled(state), forced: state.forced });
    }
    // The earlier answer is cleared so it can be given again (or skipped).
    const profile = clearAnswer(await this.accessors.getProfile(step.context), previous);
    await this.accessors.setProfile(step.context, profile);
    await step.context.sendActivity(this.textOf(step.context).messages.backTo);
    // Going back past the detox stop (to a screen answer) returns to the full questions.
    const mode: AssessmentMode = isRelevant(previous, profile, state.mode) ? state.mode : 'full';
    return step.replaceDialog(LOOP, {
      ...settled(state),
      stage: 'questions',
      mode,
      history: state.history.slice(0, -1),
      skipped: without(state.skipped, previous),
      confirmed: without(state.confirmed, previous),
      forced: previous,
    } satisfies LoopState);
  }

  private async restart(step: WaterfallStepContext<LoopState>): Promise<DialogTurnResult> {
    await this.accessors.forgetProfile(step.context);
    await step.context.sendActivity(this.textOf(step.context).messages.startedOver);
    return step.replaceDialog(LOOP, initialState('questions', step.options.quick));
  }

  // ---- Steering questions ------------------------------------------------------------

  /** "Use my earlier answers, or start fresh?" */
  private async answerResume(step: WaterfallStepContext<LoopState>, state: LoopState, text: string, control: Control | undefined): Promise<DialogTurnResult> {
    const question = this.textOf(step.context).questions.resume;
    const choice = control === 'skip' ? 'keep' : (tappedOption(text, question) ?? optionsNamed(text, question).at(-1));
    if (choice === 'fresh') {
      await this.accessors.forgetProfile(step.context);
      return step.replaceDialog(LOOP, initialState('questions', state.quick));
    }
    // New facts typed here ("I work nights now") are answers too, on top of the earlier ones.
    const extracted = choice === undefined ? extractAnswers(text) : emptyAnswers();
    if (choice === undefined && !hasAnswers(extracted)) return this.reask(step, state);
    const profile = hasAnswers(extracted)
      ? await this.record(step.context, extracted, new Set(), { gotIt: true })
      : await this.accessors.getProfile(step.context);
    // Earlier several-answer questions count as finished; only what is missing is asked.
    const keep: LoopState = { ...settled(state), stage: 'questions', confirmed: answeredMultiSelects(profile) };
    return this.continueWith(step, profile, keep);
  }

  /** After the detox-first guidance: look for a detox program, or not now. */
  private async answerDetoxOffer(step: WaterfallStepContext<LoopState>, state: LoopState, text: string, control: Control | undefined): Promise<DialogTurnResult> {
    const question = this.textOf(step.context).questions.detoxOffer;
    const choice = control === 'skip' || control === 'done' ? 'not_now' : (tappedOption(text, question) ?? optionsNamed(text, question).at(-1));
    if (choice === 'not_now') {
      await step.context.sendActivity(this.textOf(step.context).messages.detoxNotNowReply);
      return step.endDialog({ detoxOnly: true, completed: false } satisfies AssessmentResult);
    }
    // A ZIP code or a payment typed here means "yes, look", and is kept.
    const extracted = choice === undefined ? extractAnswers(text) : emptyAnswers();
    if (choice === undefined && !hasAnswers(extracted)) return this.reask(step, state);
    if (hasAnswers(extracted)) await this.record(step.context, extracted, new Set(), { gotIt: true });
    return step.replaceDialog(LOOP, { ...settled(state), stage: 'questions', mode: 'detox', stuckHelplineSent: false } satisfies LoopState);
  }

  // ---- The end -----------------------------------------------------------------------

  private async finish(step: WaterfallStepContext<LoopState>, profile: Profile, state: LoopState): Promise<DialogTurnResult> {
    const context = step.context;
    const m = this.textOf(context).messages;
    // Suggestions are a sibling in the root; findDialog looks there too.
    const canSuggest = step.findDialog(DialogIds.suggestions) !== undefined;
    const proceedTo = canSuggest ? ('suggestions' as const) : undefined;
    if (state.mode === 'detox') {
      // The detox guidance was shown when the screen stopped; now only the way forward.
      if (!canSuggest) await context.sendActivity(helplineMessage(context, this.content, m.detoxNoSuggestions));
      return step.endDialog({ proceedTo, detoxOnly: true, completed: true } satisfies AssessmentResult);
    }
    const guidance = this.guide(profile);
    // With programs next, their one framing line names the guidance; the whole of it is shown
    // when there are none to show, or when it urges the helpline (a skipped safety screen).
    if (!canSuggest || guidance.urgeHelplineNow) await this.showGuidance(context, guidance);
    if (guidance.urgeHelplineNow || !canSuggest) {
      await context.sendActivity(helplineMessage(context, this.content, canSuggest ? undefined : m.noSuggestions));
    }
    return step.endDialog({ proceedTo, detoxOnly: !guidance.iopAllowed, completed: true } satisfies AssessmentResult);
  }

  /** The guidance title and one chat-sized message per explanation. */
  private async showGuidance(context: TurnContext, decided: Guidance): Promise<void> {
    // Decided by the rules once (English data/care-rules.json); said in the turn's language.
    const guidance = guidanceIn(decided, turnLocale(context), this.guidanceTexts, this.helplineNumber);
    metrics.levelOfCare.inc({ level: guidance.levels[0] ?? 'none', urgent: String(guidance.urgeHelplineNow) });
    const [first, ...rest] = guidance.explanation;
    await context.sendActivity(first ? `**${guidance.title}**\n\n${first}` : `**${guidance.title}**`);
    for (const line of rest) await context.sendActivity(line);
  }
}
