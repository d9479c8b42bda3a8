import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import type { ProgramSuggester } from '../src/domain/catalog/programSuggester.js';
import type { Content } from '../src/domain/content.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { programCardsMessage, SHOW_MORE } from '../src/replies/programCards.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import { DialogIds } from './dialogIds.js';

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

    if (offset === 0) {
      if (!guidance.iopAllowed) {
        await step.context.sendActivity('Because stopping on your own can be risky, these are places that offer medically supervised detox. Please talk with them or our helpline first.');
      }
      for (const relaxed of result.relaxed) await step.context.sendActivity(relaxed.message);
      if (!profile.location && profile.format !== 'telehealth' && result.matches.length > 0) {
        await step.context.sendActivity("Since I don't know where you are, these may not be close to you. Telehealth programs work from anywhere in their state.");
      }
    }
    if (result.matches.length === 0) {
      const text =
        offset === 0
          ? "I'm sorry, I couldn't find a program in our list that fits. That doesn't mean there isn't one. The people on our helpline know many more programs and can search with you."
          : "That's all the programs I have that fit. Our helpline can search further with you.";
      await step.context.sendActivity(helplineMessage(step.context, this.content, text));
      return step.endDialog();
    }

    const intro = offset === 0 ? 'Here are programs that could fit you:' : 'Here are a few more:';
    await step.context.sendActivity(sample ? `${intro} (These are sample listings for this demo, not real programs.)` : intro);
    const more = this.suggester.suggest(profile, { offset: offset + PAGE, limit: 1 }).result.matches.length > 0;
    await step.context.sendActivity(programCardsMessage(step.context, result.matches, more, this.content.text.programCard));
    const m = this.content.text.menu;
    const choices = [...(more ? [SHOW_MORE] : []), m.talk, this.content.text.learn.back];
    return step.prompt(
      NEXT,
      choicePromptOptions(`You can call any of them directly. If you'd like help choosing, our helpline is free and open 24/7: ${helpline}.`, choices),
    );
  }

  private async nextStep(step: WaterfallStepContext<SuggestionsOptions>): Promise<DialogTurnResult> {
    const picked = (step.result as FoundChoice).value;
    if (picked === SHOW_MORE) {
      return step.replaceDialog(LOOP, { offset: (step.options?.offset ?? 0) + PAGE } satisfies SuggestionsOptions);
    }
    if (picked === this.content.text.menu.talk) return step.beginDialog(DialogIds.talk);
    return step.endDialog();
  }
}
