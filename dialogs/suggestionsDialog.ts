import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import type { ProgramSuggester } from '../src/domain/catalog/programSuggester.js';
import type { Content } from '../src/domain/content.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { programCardsMessage } from '../src/replies/programCards.js';
import { fill } from '../src/domain/template.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import { DialogIds } from './dialogIds.js';
import { metrics } from '../src/metrics.js';
import type { MeetingsOptions } from './meetingsDialog.js';

export interface SuggestionsOptions {
  /** How many programs were already shown ("Show more" pages through the ranking). */
  offset?: number;
}

const PAGE = 3;
const LOOP = 'suggestionsLoop';
const NEXT = 'suggestionsNext';

/**
 * Shows two or three programs that fit the profile, each with the reasons it fits and a way
 * to call; says honestly which constraints were loosened, and always offers the helpline.
 */
export class SuggestionsDialog extends ComponentDialog {
  constructor(
    private readonly content: Content,
    private readonly accessors: ConversationAccessors,
    private readonly suggester: ProgramSuggester,
  ) {
    super(DialogIds.suggestions);
    this.addDialog(new QuickChoicePrompt(NEXT));
    this.addDialog(new WaterfallDialog(LOOP, [this.showStep.bind(this), this.nextStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  private async showStep(step: WaterfallStepContext<SuggestionsOptions>): Promise<DialogTurnResult> {
    const offset = step.options?.offset ?? 0;
    const profile = await this.accessors.getProfile(step.context);
    const { guidance, result, sample } = this.suggester.suggest(profile, { offset, limit: PAGE });
    const helpline = this.content.text.helpline.display;
    const w = this.content.messages.suggestions;

    if (offset === 0) {
      if (!guidance.iopAllowed) await step.context.sendActivity(w.detoxFirst);
      const said = this.content.messages.relaxed;
      for (const { note } of result.relaxed) await step.context.sendActivity(fill(said[note.key], note.values));
      if (!profile.location && profile.format !== 'telehealth' && result.matches.length > 0) {
        await step.context.sendActivity(w.maybeNotNear);
      }
    }
    if (result.matches.length === 0) {
      if (offset === 0) metrics.suggestions.inc({ result: 'none' });
      await step.context.sendActivity(helplineMessage(step.context, this.content, offset === 0 ? w.noneFound : w.noMore));
      // No program fits: a support-group meeting is still something to do this week.
      if (offset > 0 || !step.findDialog(DialogIds.meetings)) return step.endDialog();
      const findMeeting = this.content.meetings.findMeeting;
      return step.prompt(NEXT, choicePromptOptions(fill(w.chooseHelp, { helpline }), [findMeeting, this.content.text.menu.talk, this.content.text.learn.back]));
    }

    const intro = offset === 0 ? w.intro : w.introMore;
    await step.context.sendActivity(sample ? `${intro} ${w.sampleNote}` : intro);
    const more = this.suggester.suggest(profile, { offset: offset + PAGE, limit: 1 }).result.matches.length > 0;
    metrics.suggestions.inc({ result: 'shown' });
    await step.context.sendActivity(programCardsMessage(step.context, result.matches, more, this.content.text.programCard));
    const m = this.content.text.menu;
    const showMore = this.content.text.programCard.showMore;
    const choices = [...(more ? [showMore] : []), m.talk, this.content.text.learn.back];
    return step.prompt(NEXT, choicePromptOptions(fill(w.chooseHelp, { helpline }), choices));
  }

  private async nextStep(step: WaterfallStepContext<SuggestionsOptions>): Promise<DialogTurnResult> {
    const picked = (step.result as FoundChoice).value;
    if (picked === this.content.text.programCard.showMore) {
      return step.replaceDialog(LOOP, { offset: (step.options?.offset ?? 0) + PAGE } satisfies SuggestionsOptions);
    }
    if (picked === this.content.text.menu.talk) return step.beginDialog(DialogIds.talk);
    if (picked === this.content.meetings.findMeeting) return step.beginDialog(DialogIds.meetings, { fromWords: false } satisfies MeetingsOptions);
    return step.endDialog();
  }
}
