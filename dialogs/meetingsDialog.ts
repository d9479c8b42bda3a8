import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import type { Content } from '../src/domain/content.js';
import { textsFor, turnLocale } from '../src/turn/locale.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import type { Understanding } from '../src/turn/understanding.js';
import type { Location, Profile } from '../src/domain/profile/profile.js';
import { describeLocation, resolvePlace, zipInText } from '../src/domain/assessment/location.js';
import { zoneTime } from '../src/domain/meetings/clock.js';
import { isTimeZone } from '../src/domain/meetings/schema.js';
import type { MeetingFinder } from '../src/domain/meetings/finder.js';
import { readMeetingRequest, type MeetingRequest } from '../src/domain/meetings/request.js';
import type { MeetingWhen } from '../src/domain/meetings/search.js';
import { typeName } from '../src/domain/meetings/types.js';
import { fill } from '../src/domain/template.js';
import { meetingCardsMessage } from '../src/replies/meetingCards.js';
import { choicePromptOptions } from '../src/replies/render.js';
import type { ClaimsInput, KnowsLateNight } from './contracts.js';
import { DialogIds } from './dialogIds.js';
import { TextPrompt } from './prompt.js';

export interface MeetingsOptions {
  /** Opened over another question: "back" returns there. */
  interrupted?: boolean;
  /** Read the turn's words for what is asked ("NA meeting online now"); false when opened by a button. */
  fromWords?: boolean;
}

/**
 * What the search is for, kept in the dialog's own state while it is open and gone when it
 * ends: never the words typed, never which meetings were shown. The location comes from the
 * words or the profile and is not written to the profile here.
 */
interface MeetingSearch {
  when: MeetingWhen;
  online: boolean;
  inPersonOnly: boolean;
  types: string[];
  /** Type codes left out because of what the person told about themselves (see genderBars). */
  withoutTypes: string[];
  fellowship?: string;
  location?: Location;
  offset: number;
  interrupted: boolean;
}

const START = 'meetingsStart';
const ASK_PLACE = 'meetingsAskPlace';
const SHOW = 'meetingsShow';
const PLACE_PROMPT = 'meetingsPlace';
const NEXT_PROMPT = 'meetingsNext';
const PAGE = 3;
/** Late at night where the person is (the zone of the meetings nearest them): 10 pm to 5 am. */
const LATE_FROM = 22 * 60;
const LATE_UNTIL = 5 * 60;

/**
 * "Is there a meeting tonight?", "AA meeting near 45402", "NA meeting online now": the next
 * few support-group meetings near the person or online, from the meetings store. Asks only for
 * what it does not know (where), using the profile's location and language.
 */
export class MeetingsDialog extends ComponentDialog implements ClaimsInput, KnowsLateNight {
  private readonly placePrompt: TextPrompt;
  private readonly nextPrompt: TextPrompt;

  constructor(
    private readonly content: Content,
    private readonly accessors: ConversationAccessors,
    private readonly finder: MeetingFinder,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(DialogIds.meetings);
    this.placePrompt = new TextPrompt(PLACE_PROMPT).drawnBy((context, interrupted: boolean) => {
      const w = this.words(context);
      return choicePromptOptions(w.askPlace, [w.online, this.backLabel(context, interrupted)]);
    });
    this.nextPrompt = new TextPrompt(NEXT_PROMPT).drawnBy((context, next: NextAsk) => this.drawNext(context, next));
    this.addDialog(this.placePrompt);
    this.addDialog(this.nextPrompt);
    this.addDialog(new WaterfallDialog(START, [this.startStep.bind(this)]));
    this.addDialog(new WaterfallDialog(ASK_PLACE, [this.askPlaceStep.bind(this), this.placeStep.bind(this)]));
    this.addDialog(new WaterfallDialog(SHOW, [this.showStep.bind(this), this.nextStep.bind(this)]));
    this.initialDialogId = START;
  }

  /** A place typed while the search is open ("45402", "Dayton, OH") or a change of what is asked ("what about tomorrow?") is for this dialog. */
  claimsInput(_context: TurnContext, understanding: Understanding): boolean {
    const text = understanding.text;
    if (understanding.intent === 'find_meeting') return true;
    if (text.split(/\s+/).length > 6) return false;
    return zipInText(text) !== undefined || resolvePlace(text).kind !== 'unknown' || hasAsk(readMeetingRequest(text));
  }

  async isLateNight(context: TurnContext): Promise<boolean> {
    // Asked at every menu: a peek, so it never puts an empty profile back after "forget me".
    const profile = await this.accessors.peekProfile(context);
    return this.lateAt(context, profile?.location, this.now());
  }

  /**
   * Late at night on the person's own clock: the zone their chat client reports (Web Chat and
   * Teams do), else that of the meetings nearest them. False when neither is known.
   */
  private lateAt(context: TurnContext, location: Location | undefined, now: Date): boolean {
    const reported = context.activity.localTimezone;
    const zone = reported && isTimeZone(reported) ? reported : this.finder.zoneNear(location);
    const local = zone ? zoneTime(zone, now).minuteOfDay : undefined;
    return local !== undefined && (local >= LATE_FROM || local < LATE_UNTIL);
  }

  /** The content in the turn's language (src/turn/locale.ts). */
  private texts(context: TurnContext): Content {
    return textsFor(context, this.content);
  }

  private words(context: TurnContext) {
    return this.texts(context).meetings;
  }

  private backLabel(context: TurnContext, interrupted: boolean): string {
    const learn = this.texts(context).text.learn;
    return interrupted ? learn.resume : learn.back;
  }

  private async startStep(step: WaterfallStepContext<MeetingsOptions>): Promise<DialogTurnResult> {
    const options = step.options ?? {};
    const profile = await this.accessors.getProfile(step.context);
    const text = options.fromWords !== false && typeof step.context.activity.text === 'string' ? step.context.activity.text : '';
    const request = readMeetingRequest(text);
    const search: MeetingSearch = {
      when: request.when ?? 'week',
      online: request.mode === 'online',
      inPersonOnly: request.mode === 'in_person',
      types: [...request.types],
      withoutTypes: genderBars(profile, request.types),
      ...(request.fellowship ? { fellowship: request.fellowship } : {}),
      offset: 0,
      interrupted: options.interrupted === true,
    };
    // What the bot already knows: a Spanish speaker sees meetings in Spanish first.
    if ((profile.language === 'es' || turnLocale(step.context) === 'es') && !search.types.includes('S')) search.types.push('S');
    if (request.place?.kind === 'found') search.location = request.place.location;
    else if (profile.location) search.location = profile.location;
    if (request.place?.kind === 'ambiguous') {
      await step.context.sendActivity(fill(this.words(step.context).placeAmbiguous, { city: request.place.city, states: request.place.states.slice(0, 4).join(', ') }));
      return step.replaceDialog(ASK_PLACE, search);
    }
    if (!search.location && !search.online) {
      // A button at night ("Find a meeting" offered by the late menu or a topic) with no place known:
      // the online meetings going on now, as the menu said; a place typed next narrows it.
      const tapped = options.fromWords === false || sameLabel(text.trim(), this.words(step.context).findMeeting);
      if (tapped && !hasAsk(request) && this.lateAt(step.context, undefined, this.now())) return step.replaceDialog(SHOW, { ...search, online: true, when: 'now' });
      return step.replaceDialog(ASK_PLACE, search);
    }
    return step.replaceDialog(SHOW, search);
  }

  private async askPlaceStep(step: WaterfallStepContext<MeetingSearch>): Promise<DialogTurnResult> {
    return step.prompt(PLACE_PROMPT, await this.placePrompt.draw(step.context, step.options.interrupted));
  }

  private async placeStep(step: WaterfallStepContext<MeetingSearch>): Promise<DialogTurnResult> {
    const search = step.options;
    const text = String(step.result ?? '').trim();
    if (sameLabel(text, this.backLabel(step.context, search.interrupted))) return step.endDialog();
    if (sameLabel(text, this.words(step.context).online)) return step.replaceDialog(SHOW, { ...search, online: true, inPersonOnly: false });
    const place = resolvePlace(text);
    if (place.kind === 'found') return step.replaceDialog(SHOW, { ...search, location: place.location });
    const more = readMeetingRequest(text);
    if (more.mode === 'online') return step.replaceDialog(SHOW, withAsk(search, more));
    if (place.kind === 'ambiguous') {
      await step.context.sendActivity(fill(this.words(step.context).placeAmbiguous, { city: place.city, states: place.states.slice(0, 4).join(', ') }));
    } else {
      await step.context.sendActivity(this.words(step.context).placeUnknown);
    }
    return step.replaceDialog(ASK_PLACE, withAsk(search, more));
  }

  private async showStep(step: WaterfallStepContext<MeetingSearch>): Promise<DialogTurnResult> {
    const search = step.options;
    const w = this.words(step.context);
    const now = this.now();
    const found = this.finder.find(
      {
        ...(search.location && !search.online ? { location: search.location } : {}),
        online: search.online,
        inPersonOnly: search.inPersonOnly,
        when: search.when,
        types: search.types,
        withoutTypes: search.withoutTypes,
        ...(search.fellowship ? { fellowship: search.fellowship } : {}),
        limit: PAGE,
        offset: search.offset,
      },
      now,
    );
    const helpline = this.texts(step.context).text.helpline.display;
    if (search.offset === 0 && this.lateAt(step.context, search.location, now)) await step.context.sendActivity(fill(w.lateNight, { helpline }));
    if (found.hits.length === 0) {
      await step.context.sendActivity(search.offset === 0 ? fill(w.none, { helpline }) : w.noMore);
    } else {
      if (search.offset === 0) {
        const when = w.when[search.when];
        const intro =
          search.location && !search.online
            ? fill(w.introNear, { when, miles: this.finder.radiusMiles, place: describeLocation(search.location) })
            : fill(w.introOnline, { when });
        const extra = [
          ...(found.droppedFellowship && search.fellowship ? [fill(w.fellowshipDropped, { fellowship: search.fellowship })] : []),
          ...(search.types.length > 0 ? [fill(w.onlyTypes, { types: search.types.map((code) => typeName(code, turnLocale(step.context))).join(', ') })] : []),
          ...(found.sample ? [w.sampleNote] : []),
        ];
        await step.context.sendActivity([...extra, intro].join(' '));
      }
      await step.context.sendActivity(meetingCardsMessage(step.context, found.hits, w, now));
      if (search.offset === 0 && found.hits.some((h) => h.meeting.types.includes('C'))) await step.context.sendActivity(w.closedNote);
    }
    if (found.droppedFellowship) delete search.fellowship;
    const next: NextAsk = { first: search.offset === 0 && found.hits.length > 0, more: found.more, online: search.online, interrupted: search.interrupted };
    return step.prompt(NEXT_PROMPT, await this.nextPrompt.draw(step.context, next));
  }

  /** What next after the meetings, in the turn's language. */
  private drawNext(context: TurnContext, next: NextAsk): PromptOptions {
    const w = this.words(context);
    const choices = [...(next.more ? [w.showMore] : []), ...(next.online ? [] : [w.online]), this.texts(context).text.menu.talk, this.backLabel(context, next.interrupted)];
    return choicePromptOptions(next.first ? fill(w.whatNext, { helpline: this.texts(context).text.helpline.display }) : w.again, choices);
  }

  private async nextStep(step: WaterfallStepContext<MeetingSearch>): Promise<DialogTurnResult> {
    const search = step.options;
    const text = String(step.result ?? '').trim();
    const w = this.words(step.context);
    if (sameLabel(text, w.showMore)) return step.replaceDialog(SHOW, { ...search, offset: search.offset + PAGE });
    if (sameLabel(text, w.online)) return step.replaceDialog(SHOW, { ...search, online: true, inPersonOnly: false, offset: 0 });
    if (sameLabel(text, this.texts(step.context).text.menu.talk)) return step.beginDialog(DialogIds.talk);
    if (sameLabel(text, this.backLabel(step.context, search.interrupted))) return step.endDialog();
    // Typed: a new place, or a change of what is asked ("women's meetings tomorrow").
    const place = resolvePlace(text);
    const more = readMeetingRequest(text);
    const location = place.kind === 'found' ? place.location : more.place?.kind === 'found' ? more.place.location : undefined;
    if (location || hasAsk(more)) {
      // A new request in the person's words is a new search; only where they are carries over.
      const next: MeetingSearch = {
        ...withAsk({ ...search, when: 'week', types: [], online: false, inPersonOnly: false, offset: 0 }, more),
        ...(location ? { location } : {}),
      };
      if (!more.fellowship) delete next.fellowship;
      if (!next.location) next.online = true;
      return step.replaceDialog(SHOW, next);
    }
    return step.endDialog();
  }
}

/**
 * A meeting for men only is no fit for a woman, nor one for women for a man: not shown as if it
 * were, like the program matcher's one-gender programs. Only for the person's own meetings
 * (a parent looking for their son's meetings has told their son's gender, not theirs), and
 * never against what they asked for ("a men's meeting for my husband").
 */
function genderBars(profile: Profile, asked: readonly string[]): string[] {
  if (profile.forWhom !== undefined && profile.forWhom !== 'self') return [];
  const barred = profile.gender === 'woman' ? 'M' : profile.gender === 'man' ? 'W' : undefined;
  return barred && !asked.includes(barred) ? [barred] : [];
}

/** What "what next?" after the meetings is drawn from. */
interface NextAsk {
  /** The first page with meetings on it (else "anything else?"). */
  first: boolean;
  more: boolean;
  online: boolean;
  interrupted: boolean;
}

const sameLabel = (text: string, label: string): boolean => text.toLowerCase() === label.toLowerCase();

function hasAsk(request: MeetingRequest): boolean {
  return request.when !== undefined || request.mode !== undefined || request.types.length > 0 || request.fellowship !== undefined;
}

/** The search with what the person just asked for on top. */
function withAsk(search: MeetingSearch, request: MeetingRequest): MeetingSearch {
  return {
    ...search,
    when: request.when ?? search.when,
    online: request.mode === 'online' ? true : request.mode === 'in_person' ? false : search.online,
    inPersonOnly: request.mode === 'in_person' ? true : request.mode === 'online' ? false : search.inPersonOnly,
    types: [...new Set([...search.types, ...request.types])],
    // Asked for by name now ("a men's meeting for my husband"): no longer left out. (`?? []`: a search saved before this field existed.)
    withoutTypes: (search.withoutTypes ?? []).filter((code) => !request.types.includes(code)),
    ...(request.fellowship ? { fellowship: request.fellowship } : {}),
  };
}
