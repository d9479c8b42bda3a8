import { expect } from 'chai';
import dotenv from 'dotenv';
import { readFileSync } from 'node:fs';
import { ConfigError, ConfigSchema, loadConfig } from '../src/config.js';
import { fromRoot } from '../src/paths.js';
import { runTs } from './helpers/childProcess.js';

describe('configuration', () => {
  it('defaults serve a local run with no cloud account', () => {
    const config = loadConfig({});
    expect(config.PORT).to.equal(3978);
    expect(config.MicrosoftAppId).to.equal(undefined);
    expect(config.STATE_STORE).to.equal('memory');
    expect(config.HANDOFF_ENABLED).to.equal(false);
    expect(config.ALLOWED_ORIGINS).to.deep.equal([]);
  });

  const bad: Array<[Record<string, string>, string, RegExp]> = [
    [{ PORT: 'abc' }, 'PORT', /number/i],
    [{ PORT: '70000' }, 'PORT', /65535/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /fatal|info/],
    [{ STATE_STORE: 'mysql://x' }, 'STATE_STORE', /redis/],
    [{ ALLOWED_ORIGINS: 'not a url' }, 'ALLOWED_ORIGINS', /url/i],
    [{ STAFF_API_TOKEN: 'short' }, 'STAFF_API_TOKEN', /16/],
    [{ HANDOFF_ENABLED: 'maybe' }, 'HANDOFF_ENABLED', /true|false/],
    [{ HELPLINE_NUMBER: '8338202922' }, 'HELPLINE_NUMBER', /833-820-2922/],
    [{ MicrosoftAppType: 'Weird' }, 'MicrosoftAppType', /MultiTenant/],
    [{ STATE_IDLE_MINUTES: '-5' }, 'STATE_IDLE_MINUTES', /0|positive|greater/i],
    [{ CALLBACK_WEBHOOK_URL: 'nope' }, 'CALLBACK_WEBHOOK_URL', /url/i],
  ];
  for (const [env, name, expects] of bad) {
    it(`${JSON.stringify(env)} names ${name} and what it expects`, () => {
      try {
        loadConfig(env);
        expect.fail('should have thrown');
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        const message = (err as Error).message;
        expect(message).to.include(name);
        expect(message).to.match(expects);
        expect(message.split('\n')).to.have.length(1);
      }
    });
  }

  it('.env.example documents every variable, and its values are valid', () => {
    const example = dotenv.parse(readFileSync(fromRoot('.env.example'), 'utf8'));
    expect(Object.keys(example).sort()).to.deep.equal(Object.keys(ConfigSchema.shape).sort());
    expect(() => loadConfig(example)).not.to.throw();
  });

  it('PORT=abc stops the process with one clear line and a non-zero exit, no stack trace', async () => {
    const { done } = runTs('src/index.ts', { PORT: 'abc' });
    const result = await done;
    expect(result.code).to.equal(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^Invalid configuration: PORT \(got "abc"\)/);
    expect(result.stderr).not.to.match(/\bat .*:\d+:\d+/);
  });
});
