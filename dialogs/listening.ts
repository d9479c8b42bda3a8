import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { Dialog } from '../src/botframework/botbuilderDialogs.js';
import { claimsAnswer } from '../src/domain/assessment/claims.js';
import { joinClauses, understoodParts, type Speaking } from '../src/domain/assessment/confirmation.js';
import { applyFacts, hasFacts, readFacts, type Facts, type FactsApplied } from '../src/domain/assessment/facts.js';
import { loadAssessmentTexts, type AssessmentText } from '../src/domain/assessment/assessmentText.js';
import { perLocale, type PerLocale } from '../src/domain/locale.js';
import { turnLocale } from '../src/turn/locale.js';
import { isProfileQuestion } from '../src/domain/assessment/questions.js';
import type { ProfileQuestionId, QuestionId } from '../src/domain/assessment/questionIds.js';
import { isStatementOfFacts } from '../src/domain/assessment/statement.js';
import { looksLikeQuestion } from '../src/domain/assessment/textMatch.js';
import type { Content } from '../src/domain/content.js';
import { listeningTexts, type FaqKey, type FaqReply, type ListeningTexts } from '../src/domain/listening/texts.js';
import { IntentName } from '../src/domain/nlu/intentNames.js';
import type { Profile } from '../src/domain/profile/profile.js';
import { fill } from '../src/domain/template.js';
import { helplineMessage } from '../src/replies/responses.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { crisisSignalOf, riskSignalOf } from '../src/turn/turnSignals.js';
import { understand, type Recognizer } from '../src/turn/understanding.js';
import { PhonePrompt } from './callbackPrompts.js';
import { DialogIds } from './dialogIds.js';
import { picksChoice } from './quickChoicePrompt.js';
import { actionFor, type Place, type RouteName } from './routes.js';

/**
 * A bot that listens (#16). Every message is read for facts before the root decides what to
 * do with it: on the first message, at the menu, over any question, after the results. The
 * facts go into the profile (enumerated values only), the bot says in one line what it
 * understood, and the assessment does not ask them again. A message that only tells a
 * situation starts the program search from there; told while programs are on screen, the
 * programs are looked up again. Two misunderstood messages in a row anywhere bring up the
 * helpline and what the bot can help with.
 *
 * The assessment reads its own answers (the waiting question has first claim on the reply);
 * this class only counts whether it understood them.
 */

/** What the root does after listening: go on with a route (maybe changed), or the turn is done. */
export interface Heard {
  route?: RouteName;
  done?: DialogTurnResult;
}

/** The assessment's question loop (assessmentDialog.ts LOOP) and the step value naming the question on screen. */
const ASSESSMENT_LOOP = 'assessmentLoop';
const PENDING = Symbol('pendingQuestion');
const INNER_DIALOG_STATE = 'dialogs';

function innerStack(instance: DialogInstance | undefined): DialogInstance[] {
  const inner = (instance?.state as Record<string, unknown> | undefined)?.[INNER_DIALOG_STATE] as { dialogStack?: unknown } | undefined;
  return Array.isArray(inner?.dialogStack) ? (inner.dialogStack as DialogInstance[]) : [];
}

/** The assessment question waiting for an answer, read from the dialog stack (ids only). */
export function pendingQuestionOf(innerDc: DialogContext): ProfileQuestionId | undefined {
  if (innerDc.activeDialog?.id !== DialogIds.assessment) return undefined;
  const loop = innerStack(innerDc.activeDialog).find((i) => i.id === ASSESSMENT_LOOP);
  const asking = (loop?.state as { values?: { asking?: QuestionId } } | undefined)?.values?.asking;
  return asking !== undefined && isProfileQuestion(asking) ? asking : undefined;
}

const HEARD = Symbol('factsHeard');
/** True when this turn's message told facts that were kept (the assessment then skips "use my earlier answers?"). */
export const heardThisTurn = (context: TurnContext): boolean => context.turnState.get(HEARD) === true;

/** The waiting question as the root found it this turn (the assessment's claimsInput reads it). */
export const pendingQuestion = (context: TurnContext): ProfileQuestionId | undefined => context.turnState.get(PENDING) as ProfileQuestionId | undefined;

const PLACE_ASKED = Symbol('placeAsked');
/** The city "which state is it in?" was asked about, as the root found it this turn (ConversationData.placeAsked). */
export const placeAskedThisTurn = (context: TurnContext): string | undefined => context.turnState.get(PLACE_ASKED) as string | undefined;

/** The choices of the prompt waiting deepest in the stack. */
function waitingChoices(innerDc: DialogContext): string[] {
  let instance = innerDc.activeDialog;
  for (let inner = innerStack(instance).at(-1); inner; inner = innerStack(instance).at(-1)) instance = inner;
  const options = (instance?.state as { options?: { choices?: unknown } } | undefined)?.options;
  return Array.isArray(options?.choices) ? options.choices.filter((c): c is string => typeof c === 'string') : [];
}

/**
 * A meeting search's place is the search's own: the meetings dialog keeps it while it is open
 * and it goes when the search ends (README, meetings "Privacy"). So "AA meeting near 98118"
 * leaves no ZIP in the profile; a place is kept only when the message tells the person's situation.
 */
function searchOwnsPlace(facts: Facts, text: string, route: RouteName | undefined, score: number): Facts {
  if (route !== 'find_meeting' || isStatementOfFacts(text, facts, route, score)) return facts;
  const answers = { ...facts.answers };
  delete answers.location;
  const kept: Facts = { ...facts, answers };
  delete kept.place;
  return kept;
}

export class Listener {
  /** The assessment's words in every locale (its answers' short forms, "Got it"). */
  private readonly assessments: PerLocale<AssessmentText>;

  constructor(
    private readonly content: Content,
    private readonly accessors: ConversationAccessors,
    assessment?: AssessmentText,
  ) {
    this.assessments = assessment ? perLocale(() => assessment) : loadAssessmentTexts();
    // Read (and validated) now, so a bad data/listening.json stops the start.
    listeningTexts();
  }

  /** The listening words in the turn's language (data/locales/<locale>/listening.json). */
  texts(context: TurnContext): ListeningTexts {
    return listeningTexts(turnLocale(context));
  }

  private assessmentOf(context: TurnContext): AssessmentText {
    return this.assessments[turnLocale(context)];
  }

  /**
   * A message with nothing waiting (the first of a conversation, or after one ended). Keeps
   * its facts; a message that only tells a situation goes on to the program search.
   */
  async hearIdle(context: TurnContext, recognizer: Recognizer): Promise<RouteName | undefined> {
    // Crisis, withdrawal, relapse and medication words are answered first and never kept as answers (riskStep.ts).
    if (crisisSignalOf(context) || riskSignalOf(context) || context.activity.type !== 'message') return undefined;
    const u = understand(context, recognizer);
    if (u.command || u.text.trim().length === 0) return undefined;
    const profile = await this.accessors.getProfile(context);
    const facts = searchOwnsPlace(await this.read(context, u.text, profile, true), u.text, u.score >= 0.5 ? u.intent : 'unknown', u.score);
    const sure = u.score >= 0.5 ? u.intent : 'unknown';
    if (!hasFacts(facts)) return guarded(sure, u.text, u.score, false) === sure ? undefined : 'unknown';
    const intent: IntentName = u.score >= 0.5 ? u.intent : 'unknown';
    const statement = isStatementOfFacts(u.text, facts, intent, u.score);
    await this.keep(context, facts, statement || intent === 'find_program');
    return statement ? 'find_program' : undefined;
  }

  /** A message while something waits: keeps its facts, counts misunderstandings, and says where it goes. */
  async hear(innerDc: DialogContext, place: Place, recognizer: Recognizer, routeOf: () => RouteName | undefined): Promise<Heard> {
    const context = innerDc.context;
    const pending = place === 'assessment' ? pendingQuestionOf(innerDc) : undefined;
    if (pending) context.turnState.set(PENDING, pending);
    const asked = (await this.accessors.getData(context)).placeAsked;
    if (asked !== undefined) context.turnState.set(PLACE_ASKED, asked);
    const found = routeOf();
    if (crisisSignalOf(context) || riskSignalOf(context) || context.activity.type !== 'message') return { route: found };
    const u = understand(context, recognizer);
    if (u.command || u.text.trim().length === 0) return { route: found };
    // Digits at the callback's phone question are an attempt at a number ('12345' too): never a ZIP, never kept.
    const waiting = innerDc.activeDialog ? innerDc.findDialog(innerDc.activeDialog.id) : undefined;
    if (waiting instanceof PhonePrompt) return { route: found };
    const route = guarded(found, u.text, u.score, place !== 'menu');

    const profile = await this.accessors.getProfile(context);
    const facts = searchOwnsPlace(await this.read(context, u.text, profile, place !== 'assessment'), u.text, route, u.score);

    if (place === 'assessment' && (route === undefined || actionFor(route, place).do === 'answer')) {
      // The assessment reads its own answers (the waiting question has first claim)...
      if (route === undefined || claimsAnswer(u.text, this.assessmentOf(context), pending, asked)) {
        await this.count(context, true);
        return { route };
      }
      // ...and what it would not understand may still tell something: keep it and ask again.
      if (!hasFacts(facts)) {
        await this.count(context, false);
        return { route };
      }
      await this.keep(context, facts, true);
      await this.count(context, true);
      await innerDc.repromptDialog();
      return { done: Dialog.EndOfTurn };
    }
    // A tap on the waiting prompt's own buttons carries no facts.
    const choices = waitingChoices(innerDc);
    if (picksChoice(u.text, choices)) return { route };

    const intent: IntentName = route !== undefined && IntentName.safeParse(route).success ? (route as IntentName) : 'unknown';
    if (!hasFacts(facts)) {
      // Over a question with buttons, words that are neither a button nor anything known are a misunderstanding.
      if (place === 'question' && route === 'unknown' && choices.length > 0) await this.count(context, false);
      else if (route !== undefined && route !== 'unknown') await this.count(context, true);
      return { route };
    }
    const applied = await this.keep(context, facts, route === 'find_program' || (place === 'menu' && isStatementOfFacts(u.text, facts, intent, u.score)));
    await this.count(context, true);
    // Claimed by the waiting prompt, or not a statement: it goes where it would have gone.
    if (route === undefined || !isStatementOfFacts(u.text, facts, intent, u.score)) return { route };
    if (place === 'menu') return { route: 'find_program' };
    // Told while programs are on screen: look again with what changed.
    if (innerDc.activeDialog?.id === DialogIds.suggestions && (applied.changes.length > 0 || applied.extra.length > 0)) {
      await context.sendActivity(this.texts(context).heard.reranked);
      return { done: await innerDc.replaceDialog(DialogIds.suggestions) };
    }
    // A prompt with buttons (a topic, the results) is asked again; a free-text prompt takes the words as its answer.
    if (choices.length === 0) return { route };
    await innerDc.repromptDialog();
    return { done: Dialog.EndOfTurn };
  }

  /** Reads a message for facts; after "how old are they?" over the menu, a number in it is their age. */
  private async read(context: TurnContext, text: string, profile: Profile, ageMayAnswer: boolean): Promise<Facts> {
    const data = await this.accessors.getData(context);
    const placeAsked = data.placeAsked !== undefined ? { placeAsked: data.placeAsked } : {};
    if (!data.askedAge || !ageMayAnswer) return readFacts(text, { knownForWhom: profile.forWhom, ...placeAsked });
    data.askedAge = false;
    return readFacts(text, { knownForWhom: profile.forWhom, pending: 'ageGroup', question: this.assessmentOf(context).questions.ageGroup, ...placeAsked });
  }

  /** The answer to one of the questions people ask, and its next step. */
  async answerFaq(context: TurnContext, reply: FaqReply): Promise<void> {
    const key = reply.slice('faq.'.length) as FaqKey;
    const t = this.texts(context);
    const helpline = this.content.text.helpline.display;
    await context.sendActivity(fill(t.faq[key].answer, { helpline }));
    await context.sendActivity(fill(t.faq[key].more, { helpline }));
  }

  /**
   * Saves facts and says in one line what was understood (and what changed). `searchNext`:
   * the program search is on or starts this turn, and asks their age itself, so it is not
   * asked here too (two questions in one turn).
   */
  async keep(context: TurnContext, facts: Facts, searchNext = false): Promise<FactsApplied> {
    const before = await this.accessors.getProfile(context);
    const applied = applyFacts(before, facts);
    await this.accessors.setProfile(context, applied.profile);
    context.turnState.set(HEARD, true);
    const data = await this.accessors.getData(context);
    // Until the assessment has run, the profile is what was heard, not "earlier answers" (assessmentDialog.ts).
    data.heardFacts = true;
    const t = this.texts(context);
    if (facts.answers.location) delete data.placeAsked;
    // "I live in Portland": which one is asked, never guessed. While the search has yet to ask
    // where they are, its place question asks it (assessmentDialog.ts); otherwise it is asked now.
    const ambiguous = facts.answers.location ? undefined : facts.placeAmbiguous;
    if (ambiguous) data.placeAsked = ambiguous.city;
    const askPlaceNow = ambiguous !== undefined && !(searchNext && before.location === undefined);
    // For someone else the answers are theirs: "your son is 16, they're near Tucson" (never "you're under 18").
    const speaking = speakingOf(applied.profile, t, applied.extra.includes('forWhom'));
    const { understood, corrections } = understoodParts(applied.changes, this.assessmentOf(context), speaking);
    const { who, age, rest } = this.extraUnderstood(applied, facts, t, speaking, before.forWhom);
    const items = [...who, ...(applied.changes.some((c) => c.question === 'ageGroup') ? [] : age), ...understood, ...rest];
    const removed = removedLine(before, applied.profile, this.assessmentOf(context), t);
    const whichState = askPlaceNow && ambiguous ? [fill(this.assessmentOf(context).messages.placeAmbiguous, { city: ambiguous.city, state: ambiguous.states[0] ?? '' })] : [];
    const parts = [...(items.length > 0 ? [fill(this.assessmentOf(context).messages.gotIt, { items: joinClauses(items, this.assessmentOf(context).messages.and) })] : []), ...corrections, ...(removed ? [removed] : []), ...whichState];
    if (parts.length > 0) await context.sendActivity(parts.join(' '));
    // Someone else: what families can do, once, and for a child the emergency numbers always.
    if (applied.extra.includes('forWhom') && applied.profile.forWhom && applied.profile.forWhom !== 'self') {
      const helpline = this.content.text.helpline.display;
      await context.sendActivity(fill(t.someoneElse.intro, { helpline }));
      if (applied.profile.forWhom === 'child') await context.sendActivity(helplineMessage(context, this.content, fill(t.someoneElse.childSafety, { helpline })));
      // "Ask the age": some programs are only for teens, young adults or older adults. The next number is read as it.
      if (!searchNext && applied.profile.age === undefined && applied.profile.ageGroup === undefined) {
        await context.sendActivity(t.someoneElse.askAge);
        (await this.accessors.getData(context)).askedAge = true;
      }
    }
    return applied;
  }

  /** What was understood beyond the answers: who it is for and their age (said first), then the rest. */
  private extraUnderstood(
    applied: FactsApplied,
    facts: Facts,
    t: ListeningTexts,
    speaking: Speaking,
    forWhomBefore: Profile['forWhom'],
  ): { who: string[]; age: string[]; rest: string[] } {
    const p = applied.profile;
    // "This is for you" only as a change (it was someone else): a person telling their own story hears it back without it.
    const voiced = applied.extra.includes('forWhom') && p.forWhom !== undefined && (p.forWhom !== 'self' || (forWhomBefore !== undefined && forWhomBefore !== 'self'));
    const who = voiced && p.forWhom ? [p.forWhom === 'self' ? t.heard.forWhom.self : fill(t.heard.forWhom[p.forWhom], { who: nameOf(p, t) })] : [];
    const age = applied.extra.includes('age') && speaking.age !== undefined ? [speaking.age] : [];
    const rest: string[] = [];
    if (applied.extra.includes('medication') && p.medication) rest.push(t.heard.medication[p.medication]);
    if (facts.place?.state && !facts.answers.location && !facts.place.city) rest.push(fill(speaking.aboutThem ? t.heard.stateThem : t.heard.state, { state: facts.place.state }));
    return { who, age, rest };
  }

  /** Understood or not; the second misunderstanding in a row brings up the helpline and what the bot can do. */
  private async count(context: TurnContext, understood: boolean): Promise<void> {
    const data = await this.accessors.getData(context);
    if (understood) {
      data.unknownStreak = 0;
      return;
    }
    data.unknownStreak = (data.unknownStreak ?? 0) + 1;
    if (data.unknownStreak === 2) {
      const helpline = this.content.text.helpline.display;
      await context.sendActivity(helplineMessage(context, this.content, fill(this.texts(context).notUnderstoodTwice, { helpline })));
    }
  }
}

/** "I've taken out school.": what no longer applies, said back (undefined when nothing was taken out). */
export function removedLine(before: Profile, after: Profile, assessment: AssessmentText, t: ListeningTexts): string | undefined {
  const gone = (before.responsibilities ?? []).filter((r) => !(after.responsibilities ?? []).includes(r));
  if (gone.length === 0) return undefined;
  const question = assessment.questions.responsibilities;
  const names = gone.map((v) => question.options.find((o) => o.value === v)?.short ?? v);
  return fill(t.heard.removed, { items: joinClauses(names, assessment.messages.and) });
}

/** How someone else the help is for is named: "your son", "tu hija", or by relation alone when their gender is not known. */
function nameOf(profile: Profile, t: ListeningTexts): string {
  const names = t.heard.who[profile.forWhom === undefined || profile.forWhom === 'self' ? 'child' : profile.forWhom];
  return profile.gender === 'man' ? names.man : profile.gender === 'woman' ? names.woman : names.any;
}

/**
 * Whose answers "Got it" says back (#16): for someone else they are theirs, in the third
 * person ("they work nights", "trabaja de noche"), and their age names them ("your son is
 * 16") unless they were named just before in the same line ("…for your son, they're 16").
 */
export function speakingOf(profile: Profile, t: ListeningTexts, namedJustBefore = false): Speaking {
  if (profile.forWhom === undefined || profile.forWhom === 'self') return {};
  if (profile.age === undefined) return { aboutThem: true };
  return { aboutThem: true, age: namedJustBefore ? fill(t.heard.ageThey, { age: profile.age }) : fill(t.heard.age, { who: nameOf(profile, t), age: profile.age }) };
}

/** Below this, a question people ask does not take over a waiting question unless the words ask something. */
const FAQ_OVER_QUESTION = 0.7;
/** Below this, a search over a question needs one of SEARCH_WORDS. */
const SURE_SEARCH = 0.9;
/** Words that ask for a program search, in English and Spanish. */
const SEARCH_WORDS = /\b(?:find|finding|look(?:ing)? for|search|program|programs|programme|rehab|treatment|iop|iops|outpatient|detox|busc\w*|encontrar|programa|programas|tratamiento|centro|rehabilitaci[oó]n|desintox\w*)\b/i;
/** Without one of those words, only a sure classifier opens "forget me" (it still asks first). */
const FORGET_WITHOUT_WORDS = 0.9;
/** "Forget me" only from words that say it: "what? I said I'm ready" is not a request to erase anything. */
const FORGET_WORDS = /\b(?:forget|erase|delete|wipe|remove|clear)\b/i;

/**
 * Routes the classifier reaches too easily from words said in passing: a statement over a
 * waiting question is its answer, not a question about 12 steps; erasing needs the word.
 */
export function guarded(route: RouteName | undefined, text: string, score: number, overQuestion: boolean): RouteName | undefined {
  if (route === 'forget_me' && score < FORGET_WITHOUT_WORDS && !FORGET_WORDS.test(text)) return 'unknown';
  if (overQuestion && route?.startsWith('faq_') && score < FAQ_OVER_QUESTION && !looksLikeQuestion(text)) return 'unknown';
  // A search restarts what is waiting, so over a question it needs words that ask for one:
  // "no tiene seguro", read as a search by the classifier, is an answer, not a new search.
  if (overQuestion && route === 'find_program' && score < SURE_SEARCH && !SEARCH_WORDS.test(text)) return 'unknown';
  return route;
}
