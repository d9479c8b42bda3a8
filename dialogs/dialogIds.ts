/** Dialog ids, in one place so the root can route to children without importing them all. */
export const DialogIds = {
  main: 'main',
  mainLoop: 'mainLoop',
  learn: 'learn',
  talk: 'talk',
  crisis: 'crisisSupport',
  assessment: 'assessment',
  suggestions: 'suggestions',
  callback: 'callback',
  forgetMe: 'forgetMe',
  meetings: 'meetings',
} as const;
export type DialogId = (typeof DialogIds)[keyof typeof DialogIds];
