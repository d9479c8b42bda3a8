import type { TurnContext } from 'botbuilder';
import type { DialogInstance } from 'botbuilder-dialogs';
import type { RiskKind } from '../src/domain/safety/riskTopics.js';
import type { Understanding } from '../src/turn/understanding.js';

/**
 * What dialogs agree on with each other, kept apart from any one dialog so that a prompt
 * deep in a flow does not import the root dialog that runs it (which would close a circle).
 */

/** A dialog that can say "this text is an answer for me", so the root does not treat it as an interruption. */
export interface ClaimsInput {
  /** `instance`: the dialog's own stack frame, to tell which of its questions is waiting. */
  claimsInput(context: TurnContext, understanding: Understanding, instance?: DialogInstance): boolean;
}

/**
 * A dialog whose waiting question is itself about a risk the risk step recognized (the
 * assessment's withdrawal screen): the words are that question's answer, not an aside.
 */
export interface AnswersRisk {
  answersRisk(instance: DialogInstance, kind: RiskKind): boolean;
}

/**
 * What a dialog can end with to have the root go on somewhere next: the assessment ends with
 * { proceedTo: 'suggestions' } so the matching programs follow at once. (Not the Bot Framework
 * handoff to a person, which is handoffDialog.ts.)
 */
export interface ProceedTo {
  proceedTo?: 'suggestions';
}

/**
 * The meetings dialog, asked by the menu whether it is late at night where the person is, so
 * that at night the menu can offer the meetings going on now (#19).
 */
export interface KnowsLateNight {
  isLateNight(context: TurnContext): Promise<boolean>;
}
