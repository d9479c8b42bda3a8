import { emptyAnswers, type Answers, type ValueQuestionId } from './answers.js';
import { lookupZip, zipInText } from './location.js';
import { clauses, isNegated, isUnsure, normalizeAnswer, sentencesOf } from './textMatch.js';

/**
 * Reads several answers out of one message, whatever question it answers:
 * "I work nights and have two kids, no car" → night shift, caregiving, no transport.
 * Patterns match normalized text (lower case, no apostrophes: "dont", "im").
 */

type OnNegation =
  /** A "no"/"not" in the clause means the pattern does not apply ("no car" is not "car"). */
  | 'skip'
  /** The pattern is a yes/no fact, and a negated clause answers "no" ("never had a seizure"). */
  | 'invert'
  /** The pattern already contains its own negation ("dont have a car"). */
  | 'keep';

interface Rule {
  question: ValueQuestionId;
  value: string;
  pattern: RegExp;
  onNegation?: OnNegation;
  /** The clause is about something else when this matches too. */
  unless?: RegExp;
}

const WORK = String.raw`(?:work|works|working|job|shift|shifts)`;

const RULES: readonly Rule[] = [
  // Where they are in care.
  { question: 'careStage', value: 'not_started', pattern: /\bstill (?:using|drinking|use|drink|getting high)\b/ },
  { question: 'careStage', value: 'not_started', pattern: /\b(?:havent|have not|never) (?:started|been to|gone to|done) (?:any )?(?:treatment|rehab|detox|anything)\b/, onNegation: 'keep' },
  { question: 'careStage', value: 'in_detox', pattern: /\b(?:im|i am|currently|right now|now)\b.{0,12}\b(?:in|at) (?:a )?detox\b/ },
  { question: 'careStage', value: 'in_detox', pattern: /\bdetoxing\b/ },
  { question: 'careStage', value: 'finished_detox', pattern: /\b(?:finished|completed|done with|got out of|out of|left|through|graduated from|just did|after) (?:my |a )?detox\b/ },
  { question: 'careStage', value: 'finished_detox', pattern: /\bdetox (?:is )?(?:done|over|finished)\b/ },
  { question: 'careStage', value: 'leaving_php', pattern: /\b(?:php|partial hospitali[sz]ation|partial hospital|day treatment program|day treatment)\b/ },
  { question: 'careStage', value: 'leaving_residential', pattern: /\b(?:leaving|getting out of|finishing|discharged from|coming out of|out of|graduating from|almost done with) (?:my |a )?(?:residential|inpatient|rehab)\b/ },
  { question: 'careStage', value: 'in_iop', pattern: /\b(?:im|i am|currently|already)\b.{0,10}\b(?:in|doing|attending) (?:an |my )?(?:iop|intensive outpatient)\b/ },
  { question: 'careStage', value: 'in_iop', pattern: /\b(?:finishing|almost done with|halfway through|ending) (?:my |an )?(?:iop|intensive outpatient)\b/ },

  // The withdrawal screen. Any "yes" wins over a "no" elsewhere in the message (see extract()).
  { question: 'heavyUse', value: 'yes', pattern: /\b(?:drink|drinking|drank)\b.{0,25}\b(?:every ?day|daily|all day|a lot|heavily|heavy|too much|every night|a fifth|a bottle|twelve|12 pack|case)\b/, onNegation: 'invert' },
  { question: 'heavyUse', value: 'yes', pattern: /\b(?:every ?day|daily|heavy|heavily|alcoholic|a lot of)\b.{0,12}\b(?:drink|drinking|drinker|alcohol|beer|vodka|liquor|wine)\b/, onNegation: 'invert' },
  { question: 'heavyUse', value: 'yes', pattern: /\b(?:benzo|benzos|benzodiazepines?|xanax|xannies|bars|klonopin|klonopins|valium|ativan|alprazolam|clonazepam|diazepam|lorazepam)\b/, onNegation: 'invert' },
  { question: 'heavyUse', value: 'yes', pattern: /\b(?:opioids?|opiates?|heroin|fentanyl|fent|oxy|oxys|oxycodone|oxycontin|percocets?|percs|vicodin|hydrocodone|morphine|dilaudid|pain ?pills|painkillers)\b/, onNegation: 'invert' },
  { question: 'symptomsWhenStopping', value: 'yes', pattern: /\b(?:shakes|shaky|shaking|tremors?|the sweats|sweats|sweating|seeing things|hearing things|hallucinat\w*|withdrawals?|dope ?sick|sick when i stop|get sick)\b/, onNegation: 'invert' },
  { question: 'pastSeizuresOrDts', value: 'yes', pattern: /\b(?:seizures?|seized|convulsions?|dts|d ts|delirium tremens)\b/, onNegation: 'invert' },

  // Readiness, in their own words.
  { question: 'readiness', value: 'precontemplation', pattern: /\b(?:not sure i (?:want|need) to|dont (?:want|think i need) to) (?:change|stop|quit|get help)\b/, onNegation: 'keep' },
  { question: 'readiness', value: 'contemplation', pattern: /\b(?:thinking about|considering|been thinking about)\b.{0,20}\b(?:quitting|stopping|getting help|treatment|changing|getting sober|it)\b/ },
  { question: 'readiness', value: 'preparation', pattern: /\b(?:getting ready|ready to (?:start|quit|stop|get help|change|go)|want to (?:start|get help|get sober|quit|stop)|planning to (?:quit|stop|start))\b/ },
  { question: 'readiness', value: 'action', pattern: /\b(?:already (?:quit|stopped|making changes|started|cut back)|been (?:sober|clean) for (?:a few |a couple |\d+ |two |three )?(?:days?|weeks?))\b/ },
  { question: 'readiness', value: 'maintenance', pattern: /\b(?:keeping it going|staying sober|stay sober|been (?:sober|clean) for (?:a |\d+ |two |three |several )?(?:months?|years?))\b/ },

  // Responsibilities (several at once).
  { question: 'responsibilities', value: 'full_time_job', pattern: new RegExp(String.raw`\b(?:full ?time (?:job|${WORK})|${WORK} full ?time|40 hours)\b`) },
  { question: 'responsibilities', value: 'part_time_job', pattern: new RegExp(String.raw`\b(?:part ?time (?:job|${WORK})|${WORK} part ?time)\b`) },
  // "The kids are at school then" is about the kids: a child before the school words is not the person's school.
  { question: 'responsibilities', value: 'school', pattern: /\b(?:in school|in high school|go to school|at school|college|university|classes|student|studying)\b/, unless: /\b(?:kids?|children|child|son|daughter|sons|daughters)\b.{0,20}\b(?:school|college|classes)\b/ },
  { question: 'responsibilities', value: 'caregiving', pattern: /\b(?:(?:my|have|got|with|raising|two|three|\d) (?:kids?|children|child|son|daughter|sons|daughters|baby|toddler|twins)|single (?:mom|dad|mother|father|parent)|caregiver|caring for|take care of|taking care of|look after|looking after)\b/ },

  // Work shift.
  { question: 'workShift', value: 'night', pattern: new RegExp(String.raw`\b(?:${WORK}\b.{0,15}\b(?:nights?|overnights?|graveyard)|(?:night|overnight|graveyard|third) shift|night job)\b`) },
  { question: 'workShift', value: 'evening', pattern: new RegExp(String.raw`\b(?:${WORK}\b.{0,15}\b(?:evenings?|afternoons?)|(?:evening|second|swing) shift)\b`) },
  { question: 'workShift', value: 'day', pattern: new RegExp(String.raw`\b(?:${WORK}\b.{0,15}\b(?:days|daytime|during the day|9 to 5|nine to five|mornings)|(?:day|first) shift)\b`) },
  // Not "swing shift": that is the evening shift (about 3 pm to midnight), not a changing one.
  { question: 'workShift', value: 'rotating', pattern: /\b(?:rotating|rotate|changing|different|random) (?:shifts?|schedule|hours)\b|\b(?:shifts?|schedule|hours) (?:change|changes|rotate|rotates|vary|varies)\b/ },

  // Getting around.
  { question: 'transport', value: 'none', pattern: /\b(?:no|dont have a|do not have a|dont have|without a|lost my|no longer have a|havent got a) (?:car|ride|rides|license|licence|transportation|transport|vehicle|way to get)\b|\b(?:cant|cannot|dont|do not) drive\b/, onNegation: 'keep' },
  { question: 'transport', value: 'car', pattern: /\b(?:i have|ive got|i got|i own|have) (?:a |my own )?(?:car|truck|vehicle)\b|\bi (?:can )?drive\b/ },
  { question: 'transport', value: 'transit', pattern: /\b(?:bus|buses|train|subway|metro|light rail|public transit|public transport|public transportation)\b/ },

  // Home.
  { question: 'homeSafe', value: 'no', pattern: /\b(?:home|house|place|apartment)\b.{0,25}\b(?:not safe|unsafe|isnt safe|is not safe|not sober)\b/, onNegation: 'keep' },
  { question: 'homeSafe', value: 'no', pattern: /\b(?:roommates?|partner|husband|wife|boyfriend|girlfriend|family|mom|dad|parents|brother|sister|everyone|people|friends) (?:i live with |at home )?(?:still )?(?:drinks?|uses?|use drugs|is using|are using|drink|get high|gets high|deals?)\b/ },
  { question: 'homeSafe', value: 'no', pattern: /\b(?:live|living|stay|staying) with (?:someone|people|a person|my \w+) (?:who|that) (?:drinks|uses|drink|use)\b/ },
  { question: 'homeSafe', value: 'yes', pattern: /\b(?:home|house|place)\b.{0,15}\b(?:is |feels )?(?:safe|sober|substance free)\b|\bsober living\b/ },

  // In person or telehealth.
  { question: 'format', value: 'telehealth', pattern: /\b(?:telehealth|online|virtual|virtually|video|zoom|remote|remotely)\b.{0,20}\b(?:sessions?|groups?|program|therapy|care|would be|is better|works)\b|\b(?:prefer|rather|want|like)\b.{0,15}\b(?:telehealth|online|virtual|video|zoom|remote)\b/ },
  { question: 'format', value: 'in_person', pattern: /\b(?:prefer|rather|want|like)\b.{0,15}\b(?:in person|face to face)\b|\bin person (?:sessions?|groups?|program|therapy|care)\b/ },

  // Payment.
  { question: 'payment', value: 'medicaid', pattern: /\b(?:medicaid|medi cal|masshealth|tenncare|ahcccs|state insurance|medical card)\b/ },
  { question: 'payment', value: 'medicare', pattern: /\bmedicare\b/ },
  { question: 'payment', value: 'military', pattern: /\b(?:tricare|champva|veteran|veterans|the va|va benefits|va insurance|va health ?care|military insurance)\b/ },
  // "Humana Medicare Advantage" is Medicare, sold by a private insurer.
  { question: 'payment', value: 'private_insurance', pattern: /\b(?:private insurance|insurance through (?:my )?(?:work|job|employer|husband|wife|parents)|blue cross|blue shield|bcbs|aetna|cigna|united ?healthcare|kaiser|humana|anthem|(?:i have|ive got|i got|have) (?:good )?insurance)\b/, unless: /\bmedicare (?:advantage|part [a-d]|plan)\b/ },
  { question: 'payment', value: 'free_or_sliding', pattern: /\b(?:no insurance|uninsured|dont have insurance|do not have insurance|cant afford|cannot afford|sliding scale|free care|free program|no money|broke)\b/, onNegation: 'keep' },
  { question: 'payment', value: 'self_pay', pattern: /\b(?:self pay|pay (?:it )?myself|out of pocket|pay cash|paying cash|pay in cash)\b/ },

  // Language.
  { question: 'language', value: 'es', pattern: /\b(?:speak|speaks|in|prefer|hablo|habla|only)\b.{0,12}\b(?:spanish|espanol|español)\b|\bhablo espa(?:n|ñ)ol\b/ },
  { question: 'language', value: 'en', pattern: /\b(?:speak|in|prefer|only)\b.{0,12}\benglish\b/ },

  // Age group.
  { question: 'ageGroup', value: 'adolescent', pattern: /\b(?:im a teen|teenager|im in high school|in high school)\b/ },
  // A senior in high school or college is a student, not an older adult.
  { question: 'ageGroup', value: 'senior', pattern: /\b(?:im retired|retiree|senior citizen|im a senior)\b/, unless: /\bsenior (?:in|at) (?:high school|school|college|hs)\b|\bsenior year\b/ },

  // Co-occurring mental health support.
  { question: 'coOccurring', value: 'yes', pattern: /\b(?:depression|depressed|anxiety|anxious|ptsd|trauma|bipolar|adhd|panic attacks?|mental health|ocd|schizophrenia|eating disorder)\b/, onNegation: 'invert' },
];

/**
 * Answers that need a cue earlier in the same sentence: "I'm free evenings and weekends"
 * is a time to attend, "I work nights" is not; "I like yoga and music" is an interest,
 * "my kids love music" is not.
 */
interface CuedGroup {
  question: ValueQuestionId;
  cue: RegExp;
  words: ReadonlyArray<[string, RegExp]>;
}

const CUED: readonly CuedGroup[] = [
  {
    question: 'availability',
    cue: /\b(?:free|available|can (?:come|go|attend|do|make it|make)|could (?:come|go|attend|do|make it|make)|prefer|works? (?:best )?for me|only|off on|off)\b/,
    words: [
      ['mornings', /\bmornings?\b/],
      ['daytime', /\b(?:daytime|during the day|afternoons?)\b/],
      ['evenings', /\b(?:evenings?|after work)\b/],
      ['weekends', /\b(?:weekends?|saturdays?|sundays?)\b/],
    ],
  },
  {
    question: 'interests',
    cue: /\b(?:i (?:like|love|enjoy|do|play)|im into|interested in|i want|i would like|id like|sounds good)\b/,
    words: [
      ['art', /\b(?:art|painting|drawing)\b/],
      ['music', /\b(?:music|guitar|singing|drums|piano)\b/],
      ['yoga', /\b(?:yoga|meditation)\b/],
      ['fitness', /\b(?:fitness|gym|working out|exercise|running|lifting)\b/],
      ['neurofeedback', /\b(?:neurofeedback|biofeedback)\b/],
      ['wilderness', /\b(?:outdoors|wilderness|hiking|nature|camping)\b/],
    ],
  },
];

/** A cue reaches across "and" but not across "because" or "but". */
const CUE_BOUNDARY = /\b(?:but|because|cause|so|though|although|however|except|while)\b/;
/** Times someone works are not times they can attend. */
const WORK_TIME = new RegExp(String.raw`\b${WORK}\b(?:\s+\w+){0,3}?\s+(?:mornings?|days|daytime|afternoons?|evenings?|nights?|weekends?|saturdays?|sundays?)\b`, 'g');

/** ...but "after work and saturdays" is when they can come. */
const WORK_TIME_NOT_AFTER = new RegExp(String.raw`(?<!\b(?:after|before) )` + WORK_TIME.source, 'g');

/** The text without the times someone works ("I work days"), which say when they cannot come. */
export function withoutWorkTimes(normalized: string): string {
  return normalized.replace(WORK_TIME_NOT_AFTER, ' ');
}

function cuedAnswers(sentence: string): Array<[ValueQuestionId, string]> {
  const out: Array<[ValueQuestionId, string]> = [];
  for (const segment of sentence.split(CUE_BOUNDARY)) {
    const text = withoutWorkTimes(segment);
    for (const group of CUED) {
      const cue = group.cue.exec(text);
      if (!cue) continue;
      const after = text.slice(cue.index);
      for (const [value, pattern] of group.words) if (pattern.test(after)) out.push([group.question, value]);
    }
  }
  return out;
}

/**
 * Readings that hold only while their own question waits. "Ya no quiero seguir así" (I
 * don't want to go on like this) answers "how do you feel about making a change?": they
 * are ready. At "how do you get around?" the same words mean stopping the questions, so
 * they are not read anywhere else (extractAnswers does not use these). Whatever the words,
 * the crisis check has read them first and answers on its own.
 */
const AT_OWN_QUESTION: ReadonlyArray<{ question: ValueQuestionId; value: string; pattern: RegExp }> = [
  {
    question: 'readiness',
    value: 'preparation',
    pattern:
      /\b(?:dont|do not|cant|cannot|can not|wont) (?:want to |wanna )?(?:keep|go on|continue|stay|live)\b(?: \w+){0,3} (?:like this|this way)\b|\b(?:tired|sick|sick and tired) of (?:living|being|using|drinking|feeling|going on)(?: \w+){0,2} (?:like this|this way)\b/,
  },
  {
    question: 'readiness',
    value: 'preparation',
    pattern:
      /(?<!\p{L})no (?:quiero|puedo) (?:seguir|continuar|vivir)(?: \p{L}+){0,3}? (?:as[ií]|con esto|en esto|de esta (?:manera|forma))(?!\p{L})|(?<!\p{L})(?:me cans[eé]|cansad[oa]|hart[oa]|me hart[eé]) de (?:seguir|vivir|estar) (?:as[ií]|con esto|en esto)(?!\p{L})/u,
  },
];

/** The waiting question's own reading of a message (AT_OWN_QUESTION), if it has one. */
export function answerAtOwnQuestion(question: ValueQuestionId, text: string): string[] | undefined {
  const normalized = normalizeAnswer(text);
  const hit = AT_OWN_QUESTION.find((r) => r.question === question && r.pattern.test(normalized));
  return hit ? [hit.value] : undefined;
}

/** "I'm 34", "34 years old"; ages are turned into an age group only. */
const AGE_PATTERNS = [/\b(?:im|i am|age|aged)\s+(\d{1,3})(?!\s*(?:days?|weeks?|months?|years? (?:sober|clean)|hours?|minutes?|times?|miles?|am|pm|dollars?|percent))\b/, /\b(\d{1,3})\s*(?:years? old|yrs? old|yo|y o)\b/];

export function ageGroupOf(age: number): string | undefined {
  if (!Number.isInteger(age) || age < 10 || age > 110) return undefined;
  if (age < 18) return 'adolescent';
  if (age <= 25) return 'young_adult';
  if (age <= 64) return 'adult';
  return 'senior';
}

/** Yes/no screen answers: a "yes" anywhere wins, because a missed risk is worse than an extra question. */
const SAFETY_FIRST: ReadonlySet<ValueQuestionId> = new Set(['heavyUse', 'symptomsWhenStopping', 'pastSeizuresOrDts']);
const MULTI: ReadonlySet<ValueQuestionId> = new Set(['responsibilities', 'availability', 'interests']);

/** Everything the message says about the person, as answers; nothing found → empty answers. */
export function extractAnswers(text: string): Answers {
  const answers = emptyAnswers();
  const found = new Map<ValueQuestionId, string[]>();
  const record = (question: ValueQuestionId, value: string): void => {
    const previous = found.get(question) ?? [];
    if (MULTI.has(question)) found.set(question, previous.includes(value) ? previous : [...previous, value]);
    else if (SAFETY_FIRST.has(question)) found.set(question, previous.includes('yes') ? previous : [value]);
    else found.set(question, [value]); // the last mention wins: people correct themselves as they type
  };

  for (const sentence of sentencesOf(text)) {
    for (const [question, value] of cuedAnswers(sentence)) record(question, value);
    for (const clause of clauses(sentence)) {
      const negated = isNegated(clause);
      for (const rule of RULES) {
        if (!rule.pattern.test(clause) || rule.unless?.test(clause)) continue;
        const onNegation = rule.onNegation ?? 'skip';
        if (!negated || onNegation === 'keep') record(rule.question, rule.value);
        else if (onNegation === 'invert' && !isUnsure(clause)) record(rule.question, rule.value === 'yes' ? 'no' : 'yes');
      }
      for (const pattern of AGE_PATTERNS) {
        const age = pattern.exec(clause)?.[1];
        const group = age === undefined ? undefined : ageGroupOf(Number(age));
        if (group) record('ageGroup', group);
      }
    }
  }
  for (const [question, values] of found) answers.values[question] = values;

  const zip = zipInText(text);
  if (zip) {
    const place = lookupZip(zip);
    if (place.kind === 'found') answers.location = place.location;
  }
  return answers;
}
