import { expect } from 'chai';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { allText, buttons, content, createTestBot } from '../helpers/testBot.js';
import assessment from '../../data/assessment.json' with { type: 'json' };

describe('the root and the assessment share "start over" correctly', () => {
  const bot = () => createTestBot({ extraDialogs: ({ accessors }) => [new AssessmentDialog({ accessors, content })] });

  it('"start over" inside the assessment clears the answers and asks the first question again', async () => {
    const b = bot();
    await b.say('hi');
    const first = await b.say(content.text.menu.find);
    expect(allText(first)).to.include(assessment.questions.careStage.text);
    await b.say(assessment.questions.careStage.options[2]!.label!);
    const replies = await b.say('start over');
    expect(allText(replies)).to.include(assessment.messages.startedOver);
    expect(allText(replies)).to.include(assessment.questions.careStage.text);
    expect(buttons(replies)).not.to.include(content.text.menu.learn);
  });

  it('"menu" inside the assessment still goes to the main menu', async () => {
    const b = bot();
    await b.say('hi');
    await b.say(content.text.menu.find);
    const replies = await b.say('menu');
    expect(buttons(replies)).to.deep.equal([content.text.menu.learn, content.text.menu.find, content.text.menu.talk, content.text.menu.language]);
  });
});
