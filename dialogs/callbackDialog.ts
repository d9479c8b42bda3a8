import type { Dialog, DialogDependencies, DialogTurnResult, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import type { Logger } from 'pino';
import type { Content } from '../src/domain/content.js';
import type { TurnContext } from 'botbuilder';
import { textsFor } from '../src/turn/locale.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import { ASAP, canonicalBestTime, cleanBestTime, describeWhen, timeLabels } from '../src/domain/callbacks/bestTime.js';
import { fill } from '../src/domain/template.js';
import { systemClock, type Clock } from '../src/domain/callbacks/clock.js';
import { formatUsNational, toUsE164 } from '../src/domain/callbacks/phone.js';
import { BestTimePrompt, PhonePrompt, YesNoPrompt } from './callbackPrompts.js';
import type { CallbackSink } from '../src/domain/callbacks/callbackStore.js';
import type { WebhookNotifier } from '../src/domain/callbacks/webhookNotifier.js';
import { DialogIds } from './dialogIds.js';
import { isTimeZone } from '../src/domain/meetings/schema.js';
import { metrics } from '../src/metrics.js';
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
  private readonly phonePrompt: PhonePrompt;
  private readonly timePrompt: BestTimePrompt;
  private readonly consentPrompt: YesNoPrompt;

  constructor(private readonly deps: CallbackDialogDeps) {
    super(DialogIds.callback);
    this.clock = deps.clock ?? systemClock;
    const words = deps.content.messages.callback;
    this.phonePrompt = new PhonePrompt(PHONE).drawnBy((context) => this.drawPhone(context));
    this.timePrompt = new BestTimePrompt(TIME).drawnBy((context) => {
      const w = this.words(context);
      return choicePromptOptions(w.askTime, timeLabels(w.times), w.timeRetry);
    });
    this.consentPrompt = new YesNoPrompt(CONSENT, words.consentYes, words.consentNo).drawnBy((context, asked: Values) => this.drawConsent(context, asked));
    this.prompts = [this.phonePrompt, this.timePrompt, this.consentPrompt];
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

  /** The words of this dialog in the turn's language (data/messages.json, "callback"). */
  private words(context: TurnContext) {
    return textsFor(context, this.deps.content).messages.callback;
  }

  private async askPhone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(PHONE, await this.phonePrompt.draw(step.context, {}));
  }

  private drawPhone(context: TurnContext): PromptOptions {
    const w = this.words(context);
    return { prompt: w.askPhone, retryPrompt: `${w.notAPhone} ${fill(w.orCallUs, { helpline: this.helpline })}` };
  }

  private async askTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const phone = toUsE164(String(step.result ?? ''));
    if (!phone) return step.endDialog(); // the validator makes this unreachable; never save a bad number
    stepValues<Values>(step).phone = phone;
    return step.prompt(TIME, await this.timePrompt.draw(step.context, {}));
  }

  private async askConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const bestTime = cleanBestTime(canonicalBestTime(String(step.result ?? ''), this.words(step.context).times)) ?? ASAP;
    const values = stepValues<Values>(step);
    values.bestTime = bestTime;
    return step.prompt(CONSENT, await this.consentPrompt.draw(step.context, { phone: values.phone ?? '', bestTime } satisfies Values));
  }

  /** "May we call {phone} {when}?": the number and the time as kept in this dialog's values, in the turn's language. */
  private drawConsent(context: TurnContext, { phone, bestTime }: Values): PromptOptions {
    const w = this.words(context);
    const text = fill(w.consent, { phone: formatUsNational(phone), when: describeWhen(bestTime, w.when), days: this.deps.retentionDays });
    const retry = fill(w.tapYesOrNo, { yes: w.consentYes, no: w.consentNo });
    return choicePromptOptions(text, [w.consentYes, w.consentNo], retry);
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { phone, bestTime } = stepValues<Values>(step);
    const context = step.context;
    const w = this.words(step.context);
    if (step.result !== true || !phone || !bestTime) {
      await context.sendActivity(w.notSaved);
      await context.sendActivity(helplineMessage(context, this.deps.content, w.callYourself));
      return step.endDialog();
    }
    let id: string;
    try {
      // The zone the chat client reported, so staff read "evening" in the caller's evening.
      const zone = context.activity.localTimezone;
      const timeZone = typeof zone === 'string' && isTimeZone(zone) ? zone : undefined;
      const record = await this.deps.queue.add({ phone, bestTime, consentAt: this.clock(), timeZone });
      id = record.id;
    } catch (err) {
      this.deps.logger.error({ event: 'callback_save_failed', errorName: (err as Error).name }, 'could not save a callback request');
      await context.sendActivity(helplineMessage(context, this.deps.content, w.saveFailed));
      return step.endDialog();
    }
    this.deps.logger.info({ event: 'callback_requested', requestId: id }, 'callback request saved');
    metrics.callbacks.inc();
    void this.deps.notifier?.notify({ id, bestTime });
    await context.sendActivity(fill(w.saved, { phone: formatUsNational(phone), when: describeWhen(bestTime, w.when), helpline: this.helpline }));
    return step.endDialog();
  }
}
