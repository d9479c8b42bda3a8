import { expect } from 'chai';
import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';
import type { CrisisKind } from '../../src/domain/safety/crisisKind.js';

/**
 * The kinds of crisis language a counselor listens for, each in English and in Spanish as
 * people write it (not a translation of the English list), with near misses that must stay
 * quiet. Written for the rules, apart from every evaluation set: a check that each kind is
 * covered in general, not that particular sentences are.
 */

const crisis: Record<string, Array<[string, CrisisKind]>> = {
  burden: [
    ['nobody would even notice if i was gone, my family would be relieved honestly', 'suicide_self_harm'],
    ['my kids would be better off with the insurance money than with me', 'suicide_self_harm'],
    ['mi familia estaria mejor sin mi', 'suicide_self_harm'],
    ['soy una carga pa todos', 'suicide_self_harm'],
  ],
  'absence and farewells': [
    ['i wont be around for christmas this year and im at peace with that', 'suicide_self_harm'],
    ['i dont think i will still be here by friday', 'suicide_self_harm'],
    ['please tell my mom i love her. i am so sorry', 'suicide_self_harm'],
    ['digale a mis hijos que los quiero mucho', 'suicide_self_harm'],
  ],
  'means, plans and timing': [
    ['i have a rope in the garage and i keep going out there to look at it', 'suicide_self_harm'],
    ['got my dads pistol, been holding it for an hour', 'suicide_self_harm'],
    ['planning to jump off the parking garage tonight', 'suicide_self_harm'],
    ['been googling how much tylenol it would take', 'suicide_self_harm'],
    ['once everyone goes to bed im going to do it', 'suicide_self_harm'],
    ['ya tengo la soga y no dejo de verla', 'suicide_self_harm'],
    ['me voy a aventar del puente', 'suicide_self_harm'],
    ['tengo las pastillas juntas y estoy esperando que se vayan todos', 'suicide_self_harm'],
    ['esta noche acabo con todo', 'suicide_self_harm'],
  ],
  'giving things away and resolve': [
    ['i already gave away my guitar and my dog. im ready', 'suicide_self_harm'],
    ['ya le regale mi perro a mi hermana, donde voy no lo voy a necesitar', 'suicide_self_harm'],
    ['ya me canse de luchar. ya lo decidi', 'suicide_self_harm'],
  ],
  'a past attempt with present intent': [
    ['i tried to kill myself last year and i feel that way again tonight', 'suicide_self_harm'],
    ['last time i tried to overdose they found me. this time i will make sure', 'suicide_self_harm'],
    ['intente matarme hace un año y ahorita siento lo mismo', 'suicide_self_harm'],
  ],
  'hopelessness and not waking': [
    ['quiero dormirme y ya no despertar nunca', 'suicide_self_harm'],
    ['ya no quiero estar aqui', 'suicide_self_harm'],
    ['para que sigo viva', 'suicide_self_harm'],
    ['me quiero morir ya no aguanto', 'suicide_self_harm'],
  ],
  'typos on any word': [
    ['i want to end my lfie', 'suicide_self_harm'],
    ['i want to kil myslef', 'suicide_self_harm'],
    ['me kiero matar', 'suicide_self_harm'],
  ],
  'someone else': [
    ['mi hermano dice que se va a matar', 'suicide_self_harm'],
    ['mi amigo no respira', 'medical_emergency'],
    ['se tomo todas las pastillas y no despierta', 'medical_emergency'],
  ],
  'medical, in Spanish': [
    ['me meti mucho cristal y el corazon me late bien rapido', 'medical_emergency'],
    ['mezcle xanax con alcohol y no puedo respirar', 'medical_emergency'],
  ],
  'mixed and further Spanish': [
    ['me quiero matar, i cant anymore', 'suicide_self_harm'],
    ['i want to die. ya no puedo mas', 'suicide_self_harm'],
    ['kiero morirme', 'suicide_self_harm'],
    ['me corte otra vez las muñecas', 'suicide_self_harm'],
    ['voy a tomarme todas las pastillas', 'suicide_self_harm'],
    ['ya escribi mi carta de despedida', 'suicide_self_harm'],
    ['ojala no despertara mañana', 'suicide_self_harm'],
    ['mi novia se corto las venas y esta sangrando mucho', 'suicide_self_harm'],
    ['mi hermano tomo un chingo y no reacciona', 'medical_emergency'],
    ['i dont see myself alive next year', 'suicide_self_harm'],
    ['me quiero pegar un tiro', 'suicide_self_harm'],
    ['ya estoy harta de vivir', 'suicide_self_harm'],
    ['quisiera no existir', 'suicide_self_harm'],
    ['no quiero despertar mañana', 'suicide_self_harm'],
    ['me voy a tomar el veneno para ratas', 'suicide_self_harm'],
    ['esta es mi despedida, los quiero', 'suicide_self_harm'],
    ['me voy a quitar de en medio', 'suicide_self_harm'],
  ],
  'typos on the other words of a phrase': [
    ['thinking about endng it all tonight', 'suicide_self_harm'],
    ['i have a nosoe ready', 'suicide_self_harm'],
    ['i dont want to be alvie anymore', 'suicide_self_harm'],
    ['nobody woud miss me if i died', 'suicide_self_harm'],
    ['i wanna dei', 'suicide_self_harm'],
    ['i have a plna to end it', 'suicide_self_harm'],
    ['gonna jupm off a bridge', 'suicide_self_harm'],
    ['me quiero suisidar', 'suicide_self_harm'],
    ['ya no quiero vivr', 'suicide_self_harm'],
    ['suïcidal', 'suicide_self_harm'],
  ],
  'harm to others, in Spanish': [
    ['voy a ir a su casa con la pistola y me la va a pagar', 'harm_to_others'],
    ['lo voy a matar a ese cabron', 'harm_to_others'],
    ['le voy a meter un tiro', 'harm_to_others'],
  ],
};

const quiet: string[] = [
  // Spanish everyday words the English slang map used to rewrite ("ya" -> "you", "y" -> "why").
  'ya llegue a la casa',
  'y tu como estas',
  // Spanish hyperbole, negation, history, questions.
  'me muero de hambre jaja',
  'me voy a matar estudiando para el examen',
  'me voy a cortar el pelo mañana',
  'no me quiero morir, quiero estar bien',
  'nunca he pensado en matarme',
  'mi tio se suicido hace años',
  'que es la sobredosis y como se previene',
  'cuales son las señales de suicidio en adolescentes',
  'lo voy a matar de risa con este chiste',
  'ya estoy lista para la junta',
  'tengo las pastillas que me receto el doctor',
  'ya decidi, voy a entrar al programa',
  'cuando se vaya mi esposa voy a limpiar la casa',
  'acabo con todo el trabajo y te llamo',
  'no creo que llegue a tiempo a la cita',
  'esta es mi ultima noche en el anexo',
  'hace años me quise matar, hoy llevo tres años limpio',
  'mi abuelo murio de una sobredosis hace diez años',
  'ya no tomo, llevo 6 meses',
  'que hago si alguien tiene una sobredosis',
  'me voy a tomar una cerveza',
  'gracias por todo, adios',
  'mi perro esta echando espuma, le paso algo?',
  'see ya tomorrow at group',
  'y do i even bother with this app lol',
  // English near misses of the new kinds.
  'i am done with my homework',
  'i have decided to go to rehab',
  'im ready for the meeting',
  'my grandma put my grandpa in the ground last spring',
  'we cancelled our plans because of the rain',
  'tell my sponsor i said hi',
  'i regret that it did not work out with my ex',
  'this time i will do it right, 90 meetings in 90 days',
  'i will be gone by then, flight at 6',
  'how many days does it take to detox',
  'waiting for the kids to go to sleep so i can watch a movie',
  'today is my last day at work',
  'its my last night in detox',
  'he is not going to be around much longer, he is moving to ohio',
  'shoot me a text when you get here',
  'the dog is gone gone, ran off',
  'i could sleep for a week and not wake up lol',
  'took enough to not come back to that bar again haha',
  'my kids would be fine if i went back to work',
  'everyone would be relieved if i stopped drinking',
  'i keep looking at it, the 1 year chip, so proud',
  'tell my counselor i love the group',
  'can you tell my sponsor i am sorry i missed the meeting',
  'its my last night in rehab, going home tomorrow',
  'at least the insurance covered rehab',
  'we are going to put him in the ground on saturday, the funeral is at 10',
  'i tried to kill myself years ago, now i help others in recovery',
  'my last attempt at sobriety failed, i want to try again',
  'i made my decision, i am going to rehab. im done with drinking',
  'i cancelled my appointments this week because i was sick. im ready to go back',
  'said my goodbyes to my coworkers, new job monday',
  'gave my old guitar to my nephew, he loves it',
  'been looking up how much rehab would cost',
  'sitting in the car with the engine running to warm up',
  'im going to jump off the diving board at the pool',
  'mi mama dice que se va a cortar el pelo',
  'ya estoy cansado de luchar con el trafico',
  'quiero desaparecer un rato de las redes',
  'no le veo sentido a esta tarea',
  'mi hijo se tomo la medicina y ya se siente mejor',
  'estoy harto del trabajo',
  'me voy a dar un baño',
  'me despido, nos vemos mañana',
  'no quiero despertar temprano mañana',
  'el veneno de la serpiente es peligroso',
  'me voy a dar un tiempo',
  'esta es mi despedida del trabajo, gracias a todos',
];

describe('crisis language by kind, English and Spanish', () => {
  for (const [kind, examples] of Object.entries(crisis)) {
    it(`fires on ${kind}`, () => {
      const wrong = examples.filter(([text, expected]) => !detectCrisis(text)?.kinds.includes(expected)).map(([text]) => text);
      expect(wrong).to.deep.equal([]);
    });
  }
  it('marks a Spanish third-person emergency as about someone else', () => {
    expect(detectCrisis('mi amigo no respira')?.aboutOther).to.equal(true);
    expect(detectCrisis('se tomo todas las pastillas y no despierta')?.aboutOther).to.equal(true);
  });
  it('stays quiet on near misses, hyperbole, negation, history and questions', () => {
    const alarms = quiet.filter((text) => detectCrisis(text) !== null);
    expect(alarms).to.deep.equal([]);
  });
});
