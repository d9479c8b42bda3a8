import { expect } from 'chai';
import { persona } from './conversation.js';

/**
 * "Got it: …" when the help is for someone else (#16): what was understood is theirs, said in
 * the third person ("your son is 16, they're near Tucson"), in English and in Spanish, never
 * "you're near Tucson" or "you don't have a car" to the parent who wrote it.
 */

describe('"Got it" about someone else is in the third person (#16)', function () {
  this.timeout(20000);

  it('a parent\'s first message: "you\'re looking for help for your son, they\'re 16, and they\'re near Tucson, AZ"', async () => {
    await persona(async (c) => {
      const first = await c.say('I need help for my son, he is 16 and lives in Tucson');
      expect(first).to.include("Got it: you're looking for help for your son, they're 16, and they're near Tucson, AZ.");
      expect(first).to.not.include("you're near");
      expect(first).to.not.include("you're under 18");
    });
  });

  it('the age and place told after: "your son is 16", "they\'re near Tucson, AZ", "they don\'t have a car"', async () => {
    await persona(async (c) => {
      await c.say('is there a program for my son?');
      const told = await c.say('he is 16, we live in Tucson, he has no car');
      expect(told).to.include('your son is 16');
      expect(told).to.include("they're near Tucson, AZ");
      expect(told).to.include("they don't have a car");
      expect(told).to.not.match(/you're near|you don't have a car|you're under 18/);
    });
  });

  it('answers at the questions about a daughter: "they use public transit", "they\'re near Dayton, OH"', async () => {
    await persona(async (c) => {
      await c.say('I need help for my daughter');
      expect(await c.say("she's 19")).to.include('your daughter is 19');
      await c.say('Find a program');
      await c.say('Finished detox');
      const place = await c.say('Dayton, OH');
      expect(place).to.include("they're near Dayton, OH");
      expect(place).to.not.include("you're near");
      const bus = await c.say('she takes the bus');
      expect(bus).to.include('they use public transit');
      expect(bus).to.not.include('you use public transit');
    });
  });

  it('en español: "buscas ayuda para tu hijo, tiene 16 años y está cerca de Tucson, AZ"', async () => {
    await persona(
      async (c) => {
        const first = await c.say('busco ayuda para mi hijo, tiene 16 años y vive en Tucson');
        expect(first).to.include('Entendido: buscas ayuda para tu hijo, tiene 16 años y está cerca de Tucson, AZ.');
        expect(first).to.not.match(/estás cerca|tienes menos de 18/);
        const car = await c.say('no tiene carro');
        expect(car).to.include('no tiene carro');
        expect(car).to.not.include('no tienes carro');
      },
      { locale: 'es-US' },
    );
  });

  it('en español, at "¿cuántos años tiene?": "diecisiete" is "tu hija tiene 17 años", not "tienes menos de 18"', async () => {
    await persona(
      async (c) => {
        await c.say('busco un programa para mi hija');
        await c.say('Terminé la desintoxicación');
        await c.say('85716');
        expect(c.current()).to.equal('ageGroup');
        const age = await c.say('diecisiete');
        expect(age).to.include('tu hija tiene 17 años');
        expect(age).to.not.include('tienes menos de 18');
      },
      { locale: 'es-US' },
    );
  });

  it('for oneself it stays "you": "you work nights and you don\'t have a car"', async () => {
    await persona(async (c) => {
      const first = await c.say("I just got out of detox, I work nights and I don't have a car");
      expect(first).to.include('you work nights');
      expect(first).to.include("you don't have a car");
    });
  });
});
