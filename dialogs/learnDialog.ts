import type { DialogTurnResult, FoundChoice, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import type { Content, TopicId } from '../src/domain/content.js';
import type { TurnContext } from 'botbuilder';
import { textsFor } from '../src/turn/locale.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { DialogIds } from './dialogIds.js';
import { stepValues } from './stepValues.js';
import type { MeetingsOptions } from './meetingsDialog.js';

export interface LearnOptions {
  /** Jump straight to a topic (a typed question like "what is group therapy?"). */
  topic?: TopicId;
  /** Started on top of another dialog: "back" returns there instead of to the menu. */
  interrupted?: boolean;
}

interface TopicLoopOptions {
  topic: TopicId;
  /** 0 = the summary; n = the n-th "tell me more" part. */
  part: number;
  interrupted: boolean;
}

/** What a topic's part on screen is drawn from. */
interface TopicAt extends TopicLoopOptions {
  /** A meeting is offered (support groups and aftercare, where meetings are in service). */
  meetings: boolean;
}

/** Topics after which a meeting is offered. */
const MEETING_TOPICS: ReadonlySet<TopicId> = new Set<TopicId>(['support_groups', 'aftercare']);

const PICK = 'learnPickTopic';
const NAV = 'learnNav';
const PICK_LOOP = 'learnPickLoop';
const TOPIC_LOOP = 'learnTopicLoop';

/** Explains IOP services one chat-sized message at a time: tell me more, next topic, or back. */
export class LearnDialog extends ComponentDialog {
  private readonly pickPrompt: QuickChoicePrompt;
  private readonly navPrompt: QuickChoicePrompt;

  constructor(private readonly content: Content) {
    super(DialogIds.learn);
    this.pickPrompt = new QuickChoicePrompt(PICK).drawnBy((context, interrupted: boolean) => this.drawPick(context, interrupted));
    this.navPrompt = new QuickChoicePrompt(NAV).drawnBy((context, at: TopicAt) => this.drawTopic(context, at));
    this.addDialog(this.pickPrompt);
    this.addDialog(this.navPrompt);
    this.addDialog(new WaterfallDialog(PICK_LOOP, [this.pickStep.bind(this), this.startTopicStep.bind(this)]));
    this.addDialog(new WaterfallDialog(TOPIC_LOOP, [this.showStep.bind(this), this.navStep.bind(this), this.afterMeetingsStep.bind(this)]));
    this.initialDialogId = PICK_LOOP;
  }

  /** The content in the turn's language (src/turn/locale.ts). */
  private texts(context: TurnContext): Content {
    return textsFor(context, this.content);
  }

  private backLabel(context: TurnContext, interrupted: boolean): string {
    const learn = this.texts(context).text.learn;
    return interrupted ? learn.resume : learn.back;
  }

  private async pickStep(step: WaterfallStepContext<LearnOptions>): Promise<DialogTurnResult> {
    const options = step.options ?? {};
    stepValues<{ interrupted: boolean }>(step).interrupted = options.interrupted === true;
    if (options.topic) return step.next({ topicId: options.topic });
    return step.prompt(PICK, await this.pickPrompt.draw(step.context, options.interrupted === true));
  }

  /** "Which topic?" with every topic's title, in the turn's language. */
  private drawPick(context: TurnContext, interrupted: boolean): PromptOptions {
    const titles = this.texts(context).topics.map((t) => t.title);
    return choicePromptOptions(this.texts(context).text.learn.pick, [...titles, this.backLabel(context, interrupted)]);
  }

  private async startTopicStep(step: WaterfallStepContext<LearnOptions>): Promise<DialogTurnResult> {
    const interrupted = stepValues<{ interrupted: boolean }>(step).interrupted === true;
    const result = step.result as FoundChoice | { topicId: TopicId };
    const topicId = 'topicId' in result ? result.topicId : this.texts(step.context).topics[result.index]?.id;
    if (!topicId) return step.endDialog();
    return step.replaceDialog(TOPIC_LOOP, { topic: topicId, part: 0, interrupted } satisfies TopicLoopOptions);
  }

  private async showStep(step: WaterfallStepContext<TopicLoopOptions>): Promise<DialogTurnResult> {
    const { topic, part, interrupted } = step.options;
    // Support groups and aftercare: the next meetings are one tap away, where a meetings store is in service.
    const meetings = MEETING_TOPICS.has(topic) && step.findDialog(DialogIds.meetings) !== undefined;
    return step.prompt(NAV, await this.navPrompt.draw(step.context, { topic, part, interrupted, meetings } satisfies TopicAt));
  }

  /** A part of a topic and where to go from it, in the turn's language. */
  private drawTopic(context: TurnContext, { topic: topicId, part, interrupted, meetings }: TopicAt): PromptOptions {
    const topic = this.texts(context).topic(topicId);
    const learn = this.texts(context).text.learn;
    const message = part === 0 ? `${topic.title}\n\n${topic.summary}` : (topic.more[part - 1] ?? learn.noMore);
    const hasMore = part < topic.more.length;
    const isLast = this.texts(context).topics.at(-1)?.id === topicId;
    const choices = [
      ...(hasMore ? [learn.tellMore] : []),
      ...(meetings ? [this.texts(context).meetings.findMeeting] : []),
      ...(isLast ? [] : [learn.next]),
      this.backLabel(context, interrupted),
    ];
    return choicePromptOptions(message, choices, this.texts(context).text.fallback.first);
  }

  private async navStep(step: WaterfallStepContext<TopicLoopOptions>): Promise<DialogTurnResult> {
    const { topic, part, interrupted } = step.options;
    const learn = this.texts(step.context).text.learn;
    const picked = (step.result as FoundChoice).value;
    if (picked === learn.tellMore) {
      return step.replaceDialog(TOPIC_LOOP, { topic, part: part + 1, interrupted } satisfies TopicLoopOptions);
    }
    if (picked === this.texts(step.context).meetings.findMeeting && step.findDialog(DialogIds.meetings)) {
      return step.beginDialog(DialogIds.meetings, { interrupted: true, fromWords: false } satisfies MeetingsOptions);
    }
    if (picked === learn.next) {
      const index = this.texts(step.context).topics.findIndex((t) => t.id === topic);
      const next = this.texts(step.context).topics[index + 1];
      if (next) return step.replaceDialog(TOPIC_LOOP, { topic: next.id, part: 0, interrupted } satisfies TopicLoopOptions);
      await step.context.sendActivity(learn.allDone);
    }
    return step.endDialog();
  }

  /** Back from the meetings: the same topic again, so "next topic" and "back" still work. */
  private async afterMeetingsStep(step: WaterfallStepContext<TopicLoopOptions>): Promise<DialogTurnResult> {
    return step.replaceDialog(TOPIC_LOOP, step.options);
  }
}
