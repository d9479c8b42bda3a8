import { normalizeAnswer } from './textMatch.js';

/** Words that steer the assessment instead of answering it. Matched exactly, never guessed. */
export type Control = 'skip' | 'back' | 'restart' | 'done';

const PHRASES: Record<Control, readonly string[]> = {
  // English and Spanish side by side: a person may steer in either, whatever the conversation's language.
  skip: ['skip', 'skip it', 'skip this', 'skip this one', 'skip that', 'pass', 'next', 'next question', 'prefer not to say', 'rather not say', 'id rather not say', 'i dont want to answer', 'id rather not answer', 'no comment', 'saltar', 'sáltala', 'saltala', 'siguiente', 'siguiente pregunta', 'paso', 'prefiero no decir', 'prefiero no contestar', 'no quiero contestar', 'sin comentarios'],
  back: ['back', 'go back', 'previous', 'previous question', 'undo', 'last question', 'wait go back', 'oops go back', 'i made a mistake', 'wrong answer', 'i tapped the wrong one', 'atrás', 'atras', 'regresar', 'volver', 'pregunta anterior', 'me equivoqué', 'me equivoque', 'espera regresa'],
  restart: ['start over', 'restart', 'start again', 'start from the beginning', 'start the questions over', 'clear my answers', 'redo', 'empezar de nuevo', 'volver a empezar', 'empezar otra vez', 'desde el principio', 'borra mis respuestas'],
  done: ['done', 'thats it', 'thats all', 'finished', 'im done', 'nothing else', 'that is all', 'that is it', 'all done', 'no more', 'listo', 'lista', 'ya', 'ya está', 'ya esta', 'es todo', 'eso es todo', 'nada más', 'nada mas', 'ya terminé', 'ya termine'],
};

const BY_PHRASE = new Map<string, Control>(
  (Object.entries(PHRASES) as Array<[Control, readonly string[]]>).flatMap(([control, phrases]) => phrases.map((p) => [normalizeAnswer(p), control] as const)),
);

/** The control a message is, if it is one (buttons' own labels included). */
export function controlOf(text: string, labels: { skip: string; done: string }): Control | undefined {
  const t = normalizeAnswer(text);
  if (t === normalizeAnswer(labels.skip)) return 'skip';
  if (t === normalizeAnswer(labels.done)) return 'done';
  return BY_PHRASE.get(t);
}
