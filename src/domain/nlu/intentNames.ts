import { z } from 'zod';

/** Every intent the recognizer can return. `unknown` means nothing fits confidently. */
export const IntentName = z.enum([
  'learn_iop', // "Learn about IOP" menu item: the topic list
  'topic_what_is_iop',
  'topic_group_therapy',
  'topic_individual_counseling',
  'topic_support_groups',
  'topic_complementary',
  'topic_aftercare',
  'find_program',
  'find_meeting', // a support-group meeting: "is there an AA meeting tonight?"
  'talk_to_person', // includes "what's your phone number"
  'request_callback',
  'cost_insurance',
  'schedule_time',
  'help',
  'cancel', // cancel, stop, never mind
  'start_over', // start over, main menu
  'greeting',
  'thanks',
  'goodbye',
  'what_do_you_know',
  'forget_me',
  // The questions people in recovery ask (#16); answers in data/listening.json.
  'faq_confidential', // "is it confidential?", "will my family find out?"
  'faq_employer', // "will my employer find out?", "can I keep my job?"
  'faq_twelve_step_required', // "do I have to do 12 steps?"
  'faq_available_now', // "is anyone there at 3am?"
  'faq_duration', // "how long does an IOP last?"
  'faq_first_day', // "what happens on the first day?"
  'faq_va', // "should I go through the VA?"
  'faq_medication', // "do they offer Suboxone?"
  'faq_family', // "is there a program for my son?"
  'change_language', // "can we talk in Spanish?"
  'unknown',
]);
export type IntentName = z.infer<typeof IntentName>;

export interface IntentResult {
  intent: IntentName;
  /** 0..1 confidence. */
  score: number;
}
