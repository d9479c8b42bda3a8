import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from '../../dialogs/dialogIds.js';
import type { ConversationAccessors } from '../../src/turn/conversationData.js';
import type { Profile } from '../../src/domain/profile/profile.js';

/**
 * Stands in for the assessment in tests: stores a fixed profile and ends, optionally going
 * on to program suggestions the way the real assessment does.
 */
export class FixedProfileAssessment extends ComponentDialog {
  constructor(accessors: ConversationAccessors, profile: Profile, options: { proceedToSuggestions?: boolean } = {}) {
    super(DialogIds.assessment);
    this.addDialog(
      new WaterfallDialog('fixedProfile', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          await accessors.setProfile(step.context, profile);
          return step.endDialog(options.proceedToSuggestions ? { proceedTo: 'suggestions' } : undefined);
        },
      ]),
    );
  }
}
