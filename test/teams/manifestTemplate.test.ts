import { expect } from 'chai';
import { fillTemplate, placeholdersIn, TemplateError } from '../../scripts/teams/manifestTemplate.js';

describe('teams manifest template filling', () => {
  it('replaces placeholders in nested strings and leaves other values alone', () => {
    const template = { id: '{{ID}}', list: ['a {{NAME}} b', 3, true, null], nested: { url: 'https://{{HOST}}/x' } };
    const filled = fillTemplate(template, { ID: 'abc', NAME: 'Ann', HOST: 'example.org' });
    expect(filled).to.deep.equal({ id: 'abc', list: ['a Ann b', 3, true, null], nested: { url: 'https://example.org/x' } });
    expect(template.id, 'template is not mutated').to.equal('{{ID}}');
  });

  it('keeps values with quotes and backslashes as plain data', () => {
    const filled = fillTemplate({ name: '{{NAME}}' }, { NAME: 'Quote " and \\ backslash' });
    expect(JSON.parse(JSON.stringify(filled))).to.deep.equal({ name: 'Quote " and \\ backslash' });
  });

  it('fails, naming them, when the template uses placeholders it has no value for', () => {
    expect(() => fillTemplate({ a: '{{ONE}}', b: ['{{TWO}}'] }, {})).to.throw(TemplateError, /ONE, TWO/);
  });

  it('lists the placeholders a template uses', () => {
    expect([...placeholdersIn({ a: '{{ONE}} {{TWO}}', b: ['{{ONE}}'] })].sort()).to.deep.equal(['ONE', 'TWO']);
  });
});
