import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { TextPrompt, type DrawnPromptOptions } from './prompt.js';
import { exactChoiceIndex } from './quickChoicePrompt.js';
import type { ProgramSuggester } from '../src/domain/catalog/programSuggester.js';
import { readRefinement } from '../src/domain/catalog/refine.js';
import { loadAssessmentTexts, type AssessmentText } from '../src/domain/assessment/assessmentText.js';
import { perLocale, type PerLocale } from '../src/domain/locale.js';
import type { Content } from '../src/domain/content.js';
import type { Gender, MedicationWish, Profile } from '../src/domain/profile/profile.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import type { Understanding } from '../src/turn/understanding.js';
import { programCardsMessage } from '../src/replies/programCards.js';
import { fill } from '../src/domain/template.js';
import { choicePromptOptions, linkMessage } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import type { ClaimsInput } from './contracts.js';
import { textsFor, turnLocale } from '../src/turn/locale.js';
import { withConversationLanguage } from '../src/domain/profile/conversationLanguage.js';
import { guidanceInLocale } from '../src/domain/guidance/guidanceText.js';
import { DialogIds } from './dialogIds.js';
import { metrics } from '../src/metrics.js';
import type { MeetingsOptions } from './meetingsDialog.js';
import { stepValues } from './stepValues.js';
import { heardThisTurn } from './listening.js';

/** A question the results can be refined by, asked after them. */
type RefineQuestion = 'payment' | 'language' | 'medication';

export interface SuggestionsOptions {
  /** How many programs were already shown ("Show more" pages through the same ranking). */
  offset?: number;
  /** "closer": the radius the person asked for, kept while they page. */
  maxDistanceMiles?: number;
  /** Said in place of the framing line after a change. */
  lead?: 'updated' | 'closer' | 'cheaper';
  /** Gender was asked (or passed over) in this search: not asked again. */
  genderAsked?: boolean;
  /** A refining question to ask now, before the programs again. */
  ask?: RefineQuestion;
  /** Only the next-steps question again (after words that changed nothing). */
  promptOnly?: boolean;
}

type Asking = 'next' | 'gender' | RefineQuestion;

/**
 * What a question of this dialog is drawn from (kinds and flags, never typed text), so it can
 * be drawn again in another language: next steps (with "Show more" or not, medication treatment
 * first or not), a refining question, or what to do when nothing fits or nothing is listed near.
 */
type Ask =
  | { kind: 'next'; more: boolean; medicationFirst: boolean }
  | { kind: 'gender' | 'payment' | 'language' | 'medication' }
  | { kind: 'noneFound' }
  | { kind: 'noListings'; meetings: boolean };

const PAGE = 3;
const LOOP = 'suggestionsLoop';
const ASK = 'suggestionsAsk';
const FIND_TREATMENT_URL = 'https://findtreatment.gov';
/** "closer": half the radius, never under 5 miles. */
const closerThan = (miles: number): number => Math.max(5, Math.round(miles / 2));

/**
 * Shows the three programs that fit best, with the reasons each fits and a way to call; says
 * in one line what had to be loosened; then offers to refine ("cheaper", "closer", "evenings
 * only", "I moved to Dayton", insurance, medication, language) and re-ranks at once.
 * With no listings near the place given, says so at once with the helpline and FindTreatment.gov.
 */
export class SuggestionsDialog extends ComponentDialog implements ClaimsInput {
  private readonly assessmentTexts: PerLocale<AssessmentText>;
  private readonly askPrompt: TextPrompt;

  constructor(
    private readonly content: Content,
    private readonly accessors: ConversationAccessors,
    private readonly suggester: ProgramSuggester,
    assessmentText?: AssessmentText,
  ) {
    super(DialogIds.suggestions);
    // The refining questions (insurance, language) are the assessment's own, in the turn's language.
    this.assessmentTexts = assessmentText ? perLocale(() => assessmentText) : loadAssessmentTexts();
    this.askPrompt = new TextPrompt(ASK).drawnBy((context, ask: Ask) => this.drawAsk(context, ask));
    this.addDialog(this.askPrompt);
    this.addDialog(new WaterfallDialog(LOOP, [this.showStep.bind(this), this.nextStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  /** After the programs, words that change the search are for this dialog, not questions for the root. */
  claimsInput(context: TurnContext, understanding: Understanding): boolean {
    const text = understanding.text;
    if (exactChoiceIndex(text, this.allLabels(this.texts(context))) !== undefined) return true;
    return readRefinement(text, {}) !== undefined;
  }

  /** The content in the turn's language (src/turn/locale.ts). */
  private texts(context: TurnContext): Content {
    return textsFor(context, this.content);
  }

  private allLabels(c: Content): string[] {
    const r = c.messages.results;
    return [
      c.text.programCard.showMore,
      r.refineInsurance,
      r.refineMedication,
      r.refineLanguage,
      ...this.genderChoices(c).map(([label]) => label),
      ...this.medicationChoices(c).map(([label]) => label),
    ];
  }

  private genderChoices(c: Content): Array<[string, Gender]> {
    const r = c.messages.results;
    return [
      [r.genderWoman, 'woman'],
      [r.genderMan, 'man'],
      [r.genderAnother, 'another'],
      [r.genderPreferNot, 'prefer_not'],
    ];
  }

  private medicationChoices(c: Content): Array<[string, MedicationWish]> {
    const r = c.messages.results;
    return [
      [r.medicationBuprenorphine, 'buprenorphine'],
      [r.medicationMethadone, 'methadone'],
      [r.medicationNaltrexone, 'naltrexone'],
    ];
  }

  private async ask(step: WaterfallStepContext<SuggestionsOptions>, asking: Asking, ask: Ask): Promise<DialogTurnResult> {
    stepValues<{ asking: Asking }>(step).asking = asking;
    return step.prompt(ASK, await this.askPrompt.draw(step.context, ask));
  }

  /** A question of this dialog in the turn's language. */
  private drawAsk(context: TurnContext, ask: Ask): PromptOptions {
    const c = this.texts(context);
    const assessment = textsFor(context, this.assessmentTexts);
    const r = c.messages.results;
    const m = c.text.menu;
    const helpline = c.text.helpline.display;
    const skip = assessment.messages.skipLabel;
    switch (ask.kind) {
      case 'payment':
      case 'language': {
        const question = assessment.questions[ask.kind];
        // The languages with a button; another one can be typed ("Vietnamese") at the next-steps prompt.
        const labels = question.options.flatMap((opt) => (opt.label && opt.value !== 'other' ? [opt.label] : []));
        const options: DrawnPromptOptions = choicePromptOptions(ask.kind === 'language' ? r.languageQuestion : question.text, [...labels, skip]);
        // "Español" tapped here is the programs' language, not the chat's (src/turn/locale.ts).
        if (ask.kind === 'language') options.languageIsAnswer = true;
        return options;
      }
      case 'medication':
        return choicePromptOptions(r.medicationQuestion, [...this.medicationChoices(c).map(([l]) => l), skip]);
      case 'gender':
        return choicePromptOptions(r.genderQuestion, [...this.genderChoices(c).map(([l]) => l), skip]);
      case 'noneFound':
        return choicePromptOptions(fill(c.messages.suggestions.chooseHelp, { helpline }), [c.meetings.findMeeting, m.talk, c.text.learn.back]);
      case 'noListings':
        return choicePromptOptions(m.again, [...(ask.meetings ? [c.meetings.findMeeting] : []), m.talk, c.text.learn.back]);
      case 'next': {
        const showMore = ask.more ? [c.text.programCard.showMore] : [];
        if (ask.medicationFirst) {
          return choicePromptOptions(fill(r.medicationOffer, { helpline }), [...this.medicationChoices(c).map(([label]) => label), ...showMore, m.talk, c.text.learn.back]);
        }
        return choicePromptOptions(fill(r.refineOffer, { helpline }), [...showMore, r.refineInsurance, r.refineMedication, r.refineLanguage, m.talk, c.text.learn.back]);
      }
    }
  }

  private async showStep(step: WaterfallStepContext<SuggestionsOptions>): Promise<DialogTurnResult> {
    const c = this.texts(step.context);
    const o = step.options ?? {};
    const offset = o.offset ?? 0;
    // A Spanish conversation prefers Spanish-speaking programs unless they said otherwise (#18).
    const profile = withConversationLanguage(await this.accessors.getProfile(step.context), turnLocale(step.context));
    const helpline = c.text.helpline.display;
    const w = c.messages.suggestions;
    const r = c.messages.results;

    if (o.ask === 'payment' || o.ask === 'language' || o.ask === 'medication') return this.ask(step, o.ask, { kind: o.ask });
    if (o.promptOnly) return this.askNext(step, offset > 0 || this.hasMore(profile, o, offset, c), profile);

    if (offset === 0 && this.suggester.noneNear(profile, c.messages.reasons)) return this.noListings(step, profile);
    // Men's or women's programs near them: ask once, with "prefer not to say", before showing any.
    if (offset === 0 && !o.genderAsked && profile.gender === undefined && this.suggester.gendersDiffer(profile, { maxDistanceMiles: o.maxDistanceMiles })) {
      return this.ask(step, 'gender', { kind: 'gender' });
    }

    const { guidance, result, sample } = this.suggester.suggest(profile, { offset, limit: PAGE, maxDistanceMiles: o.maxDistanceMiles }, c.messages.reasons);
    if (result.matches.length === 0) {
      if (offset === 0) metrics.suggestions.inc({ result: 'none' });
      // Detox first is said whatever was found: it is the safety message.
      const none = offset === 0 ? (guidance.iopAllowed ? w.noneFound : `${w.detoxFirst} ${w.noneFound}`) : w.noMore;
      await step.context.sendActivity(helplineMessage(step.context, this.content, none));
      // No program fits: a support-group meeting is still something to do this week.
      if (offset > 0 || !step.findDialog(DialogIds.meetings)) return step.endDialog();
      return this.ask(step, 'next', { kind: 'noneFound' });
    }

    // One message before the cards: the framing, what had to be loosened, the sample notice.
    const lead =
      offset > 0
        ? r.framingMore
        : !guidance.iopAllowed
          ? w.detoxFirst
          : o.lead === 'closer'
            ? fill(r.closerNote, { miles: o.maxDistanceMiles ?? '' })
            : o.lead === 'cheaper'
              ? r.cheaperNote
              : o.lead === 'updated'
                ? r.updated
                : fill(profile.forWhom !== undefined && profile.forWhom !== 'self' ? r.framingThem : r.framing, {
                    title: guidanceInLocale(guidance, turnLocale(step.context), helpline).title,
                  });
    const relaxedTexts: Readonly<Record<string, string>> = c.messages.relaxed;
    const notes = offset === 0 ? result.relaxed.map(({ note }) => fill(relaxedTexts[note.key] ?? '', note.values)) : [];
    const notNear = offset === 0 && !profile.location && profile.format !== 'telehealth' ? [w.maybeNotNear] : [];
    await step.context.sendActivity([lead, ...notes, ...notNear, ...(sample ? [w.sampleNote] : [])].join(' '));
    const more = this.hasMore(profile, o, offset, c);
    metrics.suggestions.inc({ result: 'shown' });
    await step.context.sendActivity(programCardsMessage(step.context, result.matches, more, c.text.programCard, c.messages.reasons, c.messages.caveats));
    return this.askNext(step, more, profile);
  }

  private hasMore(profile: Profile, o: SuggestionsOptions, offset: number, c: Content): boolean {
    return this.suggester.suggest(profile, { offset: offset + PAGE, limit: 1, maxDistanceMiles: o.maxDistanceMiles }, c.messages.reasons).result.matches.length > 0;
  }

  /**
   * Next steps: more of the same ranking, what can be checked, a person, the menu. When
   * alcohol, benzos or opioids came up and no medication was named, medication treatment is
   * offered first, by name, since it is one of the first things people in that spot ask about.
   */
  private askNext(step: WaterfallStepContext<SuggestionsOptions>, more: boolean, profile: Profile = {}): Promise<DialogTurnResult> {
    const usesRiskily = profile.withdrawal?.heavyUse === true || profile.withdrawal?.saidInChat === true;
    return this.ask(step, 'next', { kind: 'next', more, medicationFirst: usesRiskily && profile.medication === undefined });
  }

  /** Nothing listed near them, in person or by telehealth licensed in their state: said at once. */
  private async noListings(step: WaterfallStepContext<SuggestionsOptions>, profile: Profile): Promise<DialogTurnResult> {
    const c = this.texts(step.context);
    const r = c.messages.results;
    const place = [profile.location?.city, profile.location?.state].filter(Boolean).join(', ') || (profile.location?.zip ?? '');
    const text = fill(r.noListings, { place, helpline: c.text.helpline.display });
    await step.context.sendActivity(helplineMessage(step.context, this.content, text));
    await step.context.sendActivity(linkMessage(step.context, r.findTreatment, FIND_TREATMENT_URL));
    return this.ask(step, 'next', { kind: 'noListings', meetings: step.findDialog(DialogIds.meetings) !== undefined });
  }

  private async nextStep(step: WaterfallStepContext<SuggestionsOptions>): Promise<DialogTurnResult> {
    const c = this.texts(step.context);
    const assessment = textsFor(step.context, this.assessmentTexts);
    const o = step.options ?? {};
    const asking = stepValues<{ asking: Asking }>(step).asking ?? 'next';
    const text = typeof step.result === 'string' ? step.result : '';
    const skipped = exactChoiceIndex(text, [assessment.messages.skipLabel]) !== undefined;
    const profile = await this.accessors.getProfile(step.context);
    const again: SuggestionsOptions = { genderAsked: o.genderAsked, ...(o.maxDistanceMiles ? { maxDistanceMiles: o.maxDistanceMiles } : {}) };

    if (asking === 'gender') {
      const picked = this.genderChoices(c).find(([label]) => exactChoiceIndex(text, [label]) !== undefined)?.[1];
      const refined = picked ? undefined : readRefinement(text, profile);
      if (picked) await this.accessors.setProfile(step.context, { ...profile, gender: picked });
      else if (refined) await this.accessors.setProfile(step.context, refined.profile);
      return step.replaceDialog(LOOP, { ...again, genderAsked: true } satisfies SuggestionsOptions);
    }
    if (asking === 'medication') {
      const picked = this.medicationChoices(c).find(([label]) => exactChoiceIndex(text, [label]) !== undefined)?.[1];
      const refined = picked || skipped ? undefined : readRefinement(text, profile);
      if (picked) await this.accessors.setProfile(step.context, { ...profile, medication: picked });
      else if (refined) await this.accessors.setProfile(step.context, refined.profile);
      return step.replaceDialog(LOOP, { ...again, lead: 'updated' } satisfies SuggestionsOptions);
    }
    if (asking === 'payment' || asking === 'language') {
      const refined = skipped ? undefined : readRefinement(text, profile, { id: asking, question: assessment.questions[asking] });
      if (refined) await this.accessors.setProfile(step.context, refined.profile);
      return step.replaceDialog(LOOP, { ...again, lead: 'updated' } satisfies SuggestionsOptions);
    }

    const r = c.messages.results;
    const m = c.text.menu;
    const choice = (label: string): boolean => exactChoiceIndex(text, [label]) !== undefined;
    if (choice(c.text.programCard.showMore)) return step.replaceDialog(LOOP, { ...again, offset: (o.offset ?? 0) + PAGE } satisfies SuggestionsOptions);
    const medication = this.medicationChoices(c).find(([label]) => choice(label))?.[1];
    if (medication) {
      await this.accessors.setProfile(step.context, { ...profile, medication });
      return step.replaceDialog(LOOP, { ...again, lead: 'updated' } satisfies SuggestionsOptions);
    }
    if (choice(r.refineInsurance)) return step.replaceDialog(LOOP, { ...again, ask: 'payment' } satisfies SuggestionsOptions);
    if (choice(r.refineMedication)) return step.replaceDialog(LOOP, { ...again, ask: 'medication' } satisfies SuggestionsOptions);
    if (choice(r.refineLanguage)) return step.replaceDialog(LOOP, { ...again, ask: 'language' } satisfies SuggestionsOptions);
    if (choice(m.talk)) return step.beginDialog(DialogIds.talk);
    if (choice(c.meetings.findMeeting)) return step.beginDialog(DialogIds.meetings, { fromWords: false } satisfies MeetingsOptions);
    if (choice(c.text.learn.back)) return step.endDialog();

    // Words: "cheaper", "closer", "evenings only", "telehealth instead", "I moved to Dayton".
    const refined = readRefinement(text, profile);
    if (!refined) {
      // What the listener heard and answered this turn ("which Portland?") is not a misunderstanding.
      if (!heardThisTurn(step.context)) await step.context.sendActivity(r.notUnderstood);
      return step.replaceDialog(LOOP, { ...again, offset: o.offset ?? 0, promptOnly: true } satisfies SuggestionsOptions);
    }
    await this.accessors.setProfile(step.context, refined.profile);
    const movedOrWider = refined.profile.location !== profile.location;
    const maxDistanceMiles = refined.closer ? closerThan(o.maxDistanceMiles ?? this.suggester.maxDistanceMiles) : movedOrWider ? undefined : o.maxDistanceMiles;
    const lead = refined.closer ? 'closer' : refined.cheaper ? 'cheaper' : 'updated';
    return step.replaceDialog(LOOP, { genderAsked: o.genderAsked, lead, ...(maxDistanceMiles ? { maxDistanceMiles } : {}) } satisfies SuggestionsOptions);
  }
}
