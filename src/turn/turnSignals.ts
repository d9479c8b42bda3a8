import type { TurnContext } from 'botbuilder';
import type { CrisisKind } from '../domain/safety/crisisKind.js';
import type { IntentName } from '../domain/nlu/intentNames.js';
import type { RiskKind } from '../domain/safety/riskTopics.js';

/** Facts one part of a turn leaves for another, on the turn only (never stored). */

const CRISIS = Symbol('crisisSignal');
const ROUTE = Symbol('routeRequest');
const CRISIS_TEXT = Symbol('textForCrisisCheck');
const RISK = Symbol('riskSignal');

export interface CrisisTurnSignal {
  kinds: CrisisKind[];
  /** Not the conversation's first crisis message: the follow-up is already known to the person. */
  again?: boolean;
}

/** Set by the crisis middleware as it sends the crisis response. */
export function setCrisisSignal(context: TurnContext, signal: CrisisTurnSignal): void {
  context.turnState.set(CRISIS, signal);
}
export function crisisSignalOf(context: TurnContext): CrisisTurnSignal | undefined {
  return context.turnState.get(CRISIS) as CrisisTurnSignal | undefined;
}

/**
 * The whole message for the crisis check, set by normalizeIncoming: the text the bot
 * tries to understand is cut short, but a crisis sentence can come after the cut.
 */
export function setTextForCrisisCheck(context: TurnContext, text: string): void {
  context.turnState.set(CRISIS_TEXT, text);
}
export function textForCrisisCheck(context: TurnContext): string | undefined {
  return context.turnState.get(CRISIS_TEXT) as string | undefined;
}

/**
 * Set by the risk step (riskStep.ts) when a message is about withdrawal, a relapse, an
 * overdose risk or a medication question and no crisis was found: the root dialog answers
 * it first (`answer`), whatever is waiting, and the words are not taken as an answer.
 */
export interface RiskTurnSignal {
  kind: RiskKind;
  answer(): Promise<void>;
}
export function setRiskSignal(context: TurnContext, signal: RiskTurnSignal): void {
  context.turnState.set(RISK, signal);
}
export function riskSignalOf(context: TurnContext): RiskTurnSignal | undefined {
  return context.turnState.get(RISK) as RiskTurnSignal | undefined;
}

/** Where a child dialog asks the root to go once the turn's dialog work is done. */
export type Route = IntentName | 'crisis' | 'risk' | 'suggestions';
export function requestRoute(context: TurnContext, route: Route): void {
  context.turnState.set(ROUTE, route);
}
export function hasRouteRequest(context: TurnContext): boolean {
  return context.turnState.has(ROUTE);
}
export function takeRouteRequest(context: TurnContext): Route | undefined {
  const route = context.turnState.get(ROUTE) as Route | undefined;
  context.turnState.delete(ROUTE);
  return route;
}
