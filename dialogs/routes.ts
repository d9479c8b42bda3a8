import type { TopicId } from '../src/domain/content.js';
import type { FaqReply } from '../src/domain/listening/texts.js';
import type { IntentName } from '../src/domain/nlu/intentNames.js';
import type { Route } from '../src/turn/turnSignals.js';
import type { GlobalCommand } from '../src/turn/understanding.js';
import { DialogIds } from './dialogIds.js';

/**
 * The route table: for every command and intent, what the root dialog (mainDialog.ts) does
 * with it from each place a message can arrive. mainDialog has no other routing: it finds
 * the place, reads the row and carries out the action.
 *
 * Before the table is read (mainDialog.interrupt):
 * 1. A crisis signal (set by the crisis middleware) always takes the `crisis` row.
 * 2. A command (exact words, understanding.ts) takes its own row, whatever the waiting
 *    question would make of the words.
 * 3. Otherwise the message is first the waiting question's: text the classifier is unsure
 *    of (or calls `unknown`), a waiting prompt's own button label, or text the waiting
 *    dialog claims as an answer (ClaimsInput: an assessment answer, a phone number, a time,
 *    a yes or no) is an answer, not an interruption. Only then does the intent's row apply.
 *
 * A command and an intent of the same name ("help" typed exactly, or "what can you do?")
 * share one row, so they cannot drift apart. A child dialog asking the root to go somewhere
 * (requestRoute, or the assessment's `proceedTo`) takes the row's `menu` action.
 */

/** Where a message arrives. */
export type Place =
  /** The main menu is waiting, or nothing is (a new or finished conversation). */
  | 'menu'
  /** Any other question is waiting: a topic, a callback question, the crisis follow-up… */
  | 'question'
  /** One of the assessment's questions is waiting. */
  | 'assessment';
export const PLACES: readonly Place[] = ['menu', 'question', 'assessment'];

/** Every row: each command, each intent, and the two routes that come from no words. */
export type RouteName = GlobalCommand | IntentName | Route;

/** Replies that need no dialog (mainDialog.say writes them from data/). */
export type Reply = 'help' | 'cost' | 'schedule' | 'greeting' | 'thanks' | 'profile' | 'crisisNumbers' | 'findByPhone' | 'languageChosen' | 'risk';

/** The dialogs a route can open. */
export type Opens = (typeof DialogIds)[Exclude<keyof typeof DialogIds, 'main' | 'mainLoop'>];

export type Action =
  /** Say it, then ask the waiting question again; from the menu, show the menu. */
  | { do: 'say'; say: Reply | FaqReply }
  /** Say goodbye. From the menu the conversation ends there; a waiting question stays waiting, not asked again. */
  | { do: 'goodbye' }
  /**
   * Open a dialog on top of the waiting question; when it ends, that question is asked again
   * (from the menu: "anything else?"). If the same dialog is the one waiting, it starts again
   * in its place instead of stacking a second copy. Where the dialog is not registered in
   * this deployment, `otherwise` is done instead.
   */
  | { do: 'open'; dialog: Opens; topic?: TopicId; otherwise?: Action }
  /** Drop whatever is open and show the menu, or go on to `onTo` as if it had been asked for at the menu. */
  | { do: 'menu'; onTo?: RouteName }
  /** Drop whatever is open, say so, and show the menu ("anything else?"). */
  | { do: 'cancel' }
  /** Not an interruption: the waiting question takes the words as its answer. */
  | { do: 'answer' }
  /** Say it was not understood and show the menu; the second time in a row adds the helpline. */
  | { do: 'notUnderstood' };

export type RouteRow = Readonly<Record<Place, Action>>;

const say = (reply: Reply | FaqReply): Action => ({ do: 'say', say: reply });
const open = (dialog: Opens, more: { topic?: TopicId; otherwise?: Action } = {}): Action => ({ do: 'open', dialog, ...more });
const everywhere = (action: Action): RouteRow => ({ menu: action, question: action, assessment: action });
const toMenu: Action = { do: 'menu' };
const answer: Action = { do: 'answer' };

/**
 * "Talk to someone": one way to a person from every entry point (the menu button, the
 * command, "what's your phone number?", the talk button under program results): the talk
 * dialog, which gives the helpline with a call button first and then offers a callback or a
 * live chat where those are on. Opened over a question it returns there afterwards.
 *
 * The one exception is the crisis follow-up's own "talk to a person" button
 * (crisisSupportDialog.ts): it gives the phone line at once and stays in the follow-up,
 * because someone who may not be safe needs a voice now, not a callback "within one
 * business day" or a wait for a chat, and must not be dropped out of the follow-up.
 */
const talk = open(DialogIds.talk);

const learn = (topic?: TopicId): RouteRow => everywhere(open(DialogIds.learn, topic ? { topic } : {}));

export const ROUTES: Readonly<Record<RouteName, RouteRow>> = {
  // ---- Commands: exact words that work from every prompt ----
  help: everywhere(say('help')),
  /** The "Get help now" button kept on every reply after a crisis: the crisis numbers again, then back. */
  get_help_now: everywhere(say('crisisNumbers')),
  /** "cancel", "stop", "quit", "never mind". */
  cancel: everywhere({ do: 'cancel' }),
  /** "menu", "main menu", "back to menu". */
  start_over: everywhere(toMenu),
  /**
   * "start over", "restart": the menu, except inside the assessment, which starts its own
   * questions over (it clears the answers and asks the first question again).
   */
  restart: { menu: toMenu, question: toMenu, assessment: answer },
  talk_to_person: everywhere(talk),
  /**
   * "español", "English", the menu's language button: the locale middleware (src/turn/locale.ts)
   * has switched the turn's language already; say so in it, then ask the waiting question again.
   */
  choose_language: everywhere(say('languageChosen')),

  // ---- Intents: what the classifier makes of other words ----
  learn_iop: learn(),
  topic_what_is_iop: learn('what_is_iop'),
  topic_group_therapy: learn('group_therapy'),
  topic_individual_counseling: learn('individual_counseling'),
  topic_support_groups: learn('support_groups'),
  topic_complementary: learn('complementary'),
  topic_aftercare: learn('aftercare'),
  /**
   * The program search is the assessment, so it is not opened over a question: the question
   * is dropped and the search starts from the menu (inside the assessment: from its start,
   * which offers to keep the answers given so far). Without an assessment, the helpline
   * finds programs with the person.
   */
  find_program: {
    menu: open(DialogIds.assessment, { otherwise: say('findByPhone') }),
    question: { do: 'menu', onTo: 'find_program' },
    assessment: { do: 'menu', onTo: 'find_program' },
  },
  /**
   * "Is there a meeting tonight?", "NA meeting online now": the next support-group meetings,
   * opened over whatever is waiting (the assessment too), which is asked again afterwards.
   * Without a meetings store, the talk dialog (the helpline finds one with the person).
   */
  find_meeting: everywhere(open(DialogIds.meetings, { otherwise: talk })),
  /** A callback where that feature is on; otherwise the talk dialog (the phone line). */
  request_callback: everywhere(open(DialogIds.callback, { otherwise: talk })),
  cost_insurance: everywhere(say('cost')),
  schedule_time: everywhere(say('schedule')),
  greeting: everywhere(say('greeting')),
  thanks: everywhere(say('thanks')),
  goodbye: everywhere({ do: 'goodbye' }),
  /** "What do you know about me?": the profile in the person's words, or that there is none. */
  what_do_you_know: everywhere(say('profile')),
  /** Asks first; a yes erases the profile and starts again from the menu (the answers a dialog held go too). */
  forget_me: everywhere(open(DialogIds.forgetMe)),
  /**
   * The questions people in recovery ask (#16): answered from data/listening.json in plain
   * words with a next step, then the waiting question is asked again (from the menu: the menu).
   * The facts in the words ("do they offer Suboxone?" → a medication to look for) were kept
   * before the answer (dialogs/listening.ts).
   */
  faq_confidential: everywhere(say('faq.confidential')),
  faq_employer: everywhere(say('faq.employer')),
  faq_twelve_step_required: everywhere(say('faq.twelveStep')),
  faq_available_now: everywhere(say('faq.availableNow')),
  faq_duration: everywhere(say('faq.duration')),
  faq_first_day: everywhere(say('faq.firstDay')),
  faq_va: everywhere(say('faq.va')),
  faq_medication: everywhere(say('faq.medication')),
  faq_family: everywhere(say('faq.family')),
  change_language: everywhere(say('faq.changeLanguage')),
  /** At the menu, the menu itself says it did not understand; in a question, the question does (its retry). */
  unknown: { menu: { do: 'notUnderstood' }, question: answer, assessment: answer },

  // ---- Routes no words name ----
  /** Crisis language (the middleware has already sent the crisis response): "are you safe right now?". */
  crisis: everywhere(open(DialogIds.crisis)),
  /**
   * Withdrawal, a relapse, an overdose risk, a medication, dose or diagnosis question (the
   * risk step, src/turn/riskStep.ts): answered first, then the waiting question again; the
   * words are never its answer. Only the withdrawal screen takes withdrawal words as its answer.
   */
  risk: everywhere(say('risk')),
  /** Asked for by the assessment when it ends: the matching programs. */
  suggestions: {
    menu: open(DialogIds.suggestions, { otherwise: toMenu }),
    question: { do: 'menu', onTo: 'suggestions' },
    assessment: { do: 'menu', onTo: 'suggestions' },
  },
};

/** The action for a route from a place. */
export function actionFor(route: RouteName, place: Place): Action {
  return ROUTES[route][place];
}
