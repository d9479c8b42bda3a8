import type { Dialog, DialogDependencies, DialogTurnResult, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import type { Logger } from 'pino';
import type { Content } from '../src/domain/content.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import { ASAP, BEST_TIME_CHOICES, cleanBestTime, describeWhen } from '../src/domain/callbacks/bestTime.js';
import { systemClock, type Clock } from '../src/domain/callbacks/clock.js';
import { formatUsNational, toUsE164 } from '../src/domain/callbacks/phone.js';
import { BestTimePrompt, PhonePrompt, YesNoPrompt } from './callbackPrompts.js';
import type { CallbackSink } from '../src/domain/callbacks/callbackStore.js';
import type { WebhookNotifier } from '../src/domain/callbacks/webhookNotifier.js';
import { DialogIds } from './dialogIds.js';
import { stepValues } from './stepValues.js';

export interface CallbackDialogDeps {
  content: Content;
  queue: CallbackSink;
  /** Optional staff notice; never awaited, so a slow webhook never holds up the reply. */
  notifier?: Pick<WebhookNotifier, 'notify'>;
  retentionDays: number;
  logger: Logger;
  clock?: Clock;
}

/** Prompt ids live in the root's set (see getDependencies), so keep them namespaced. */
const PHONE = 'callback.phone';
const TIME = 'callback.time';
const CONSENT = 'callback.consent';

export const CONSENT_YES = 'Yes, call me';
export const CONSENT_NO = "No, don't save it";
export const PHONE_RETRY = "That doesn't look like a US phone number. Could you type it like 555-123-4567?";

interface Values {
  phone: string;
  bestTime: string;
}

/**
 * "Request a callback": a US phone number, the best time to call, and explicit consent
 * to be called and to have the number kept until then. Only with a yes is anything saved,
 * and the "we'll call you" message is sent only once the request is durably on disk.
 *
 * A waterfall whose prompts are added to the root dialog's set (DialogDependencies), so each
 * waiting prompt is the root's active dialog and can claim its answers (ClaimsInput).
 */
export class CallbackDialog extends WaterfallDialog implements DialogDependencies {
  private readonly clock: Clock;
  private readonly prompts: Dialog[];

  constructor(private readonly deps: CallbackDialogDeps) {
    super(DialogIds.callback);
    this.clock = deps.clock ?? systemClock;
    this.prompts = [new PhonePrompt(PHONE), new BestTimePrompt(TIME), new YesNoPrompt(CONSENT, CONSENT_YES, CONSENT_NO)];
    this.addStep(this.askPhone.bind(this));
    this.addStep(this.askTime.bind(this));
    this.addStep(this.askConsent.bind(this));
    this.addStep(this.save.bind(this));
  }

  getDependencies(): Dialog[] {
    return this.prompts;
  }

  private get helpline(): string {
    return this.deps.content.text.helpline.display;
  }

  private async askPhone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options: PromptOptions = {
      prompt: "I can ask someone from our team to call you back. What's the best US phone number to reach you? We'll only use it for this call.",
      retryPrompt: `${PHONE_RETRY} Or if it's easier, call us any time at ${this.helpline}. You can say "cancel" to stop.`,
    };
    return step.prompt(PHONE, options);
  }

  private async askTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const phone = toUsE164(String(step.result ?? ''));
    if (!phone) return step.endDialog(); // the validator makes this unreachable; never save a bad number
    stepValues<Values>(step).phone = phone;
    return step.prompt(
      TIME,
      choicePromptOptions(
        'What time of day is best for a call? Tap one, or type what works for you, like "weekdays after 5pm".',
        BEST_TIME_CHOICES,
        'Sorry, I didn\'t catch that. Tap a time, or type one like "after 5pm".',
      ),
    );
  }

  private async askConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const bestTime = cleanBestTime(String(step.result ?? '')) ?? ASAP;
    const values = stepValues<Values>(step);
    values.bestTime = bestTime;
    const phone = formatUsNational(values.phone ?? '');
    const text =
      `Just to check: is it okay for our team to call you at ${phone} ${describeWhen(bestTime)}, and to keep your number until then? ` +
      `We delete it after the call, or after ${this.deps.retentionDays} days at most.`;
    return step.prompt(CONSENT, choicePromptOptions(text, [CONSENT_YES, CONSENT_NO], `Please tap "${CONSENT_YES}" or "${CONSENT_NO}".`));
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { phone, bestTime } = stepValues<Values>(step);
    const context = step.context;
    if (step.result !== true || !phone || !bestTime) {
      await context.sendActivity("That's okay. I haven't saved your number.");
      await context.sendActivity(helplineMessage(context, this.deps.content, 'You can call us yourself whenever you like.'));
      return step.endDialog();
    }
    let id: string;
    try {
      const record = await this.deps.queue.add({ phone, bestTime, consentAt: this.clock() });
      id = record.id;
    } catch (err) {
      this.deps.logger.error({ event: 'callback_save_failed', errorName: (err as Error).name }, 'could not save a callback request');
      await context.sendActivity(
        helplineMessage(context, this.deps.content, "I'm sorry, I couldn't save your request just now. Please call us instead; a real person answers."),
      );
      return step.endDialog();
    }
    this.deps.logger.info({ event: 'callback_requested', requestId: id }, 'callback request saved');
    void this.deps.notifier?.notify({ id, bestTime });
    await context.sendActivity(
      `Thank you. Your request is saved. A member of our team will call you at ${formatUsNational(phone)} ${describeWhen(bestTime)}, usually within one business day. ` +
        `If it's urgent, call ${this.helpline} now; we answer 24/7.`,
    );
    return step.endDialog();
  }
}
