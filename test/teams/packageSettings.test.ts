import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../src/config.js';
import { loadTeamsPackageSettings, TeamsPackageError } from '../../scripts/teams/packageSettings.js';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const base = { MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://bot.example.org' };
const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

describe('teams package settings', () => {
  it('derives developer links, version and output path from the base URL and package.json', () => {
    const settings = loadTeamsPackageSettings(base);
    expect(settings.appId).to.equal(APP_ID);
    expect(settings.appVersion).to.equal(packageVersion);
    expect(settings.publicBaseUrl.hostname).to.equal('bot.example.org');
    expect(settings.websiteUrl).to.equal('https://bot.example.org/');
    expect(settings.privacyUrl).to.equal('https://bot.example.org/privacy');
    expect(settings.termsUrl).to.equal('https://bot.example.org/terms');
    expect(settings.helplineNumber).to.equal('833-820-2922');
    expect(settings.developerName).to.equal('Recovery Guide');
    expect(settings.outPath).to.equal('dist/teams-app.zip');
  });

  it('keeps a path in the base URL when building the default links', () => {
    const settings = loadTeamsPackageSettings({ ...base, PUBLIC_BASE_URL: 'https://example.org/recovery' });
    expect(settings.privacyUrl).to.equal('https://example.org/recovery/privacy');
  });

  it('takes the TEAMS_* overrides', () => {
    const settings = loadTeamsPackageSettings({
      ...base,
      TEAMS_PACKAGE_OUT: 'out/app.zip',
      TEAMS_APP_VERSION: '2.3.4',
      TEAMS_DEVELOPER_NAME: 'Helpline Team',
      TEAMS_WEBSITE_URL: 'https://www.example.org',
      TEAMS_PRIVACY_URL: 'https://www.example.org/legal/privacy',
      TEAMS_TERMS_URL: 'https://www.example.org/legal/terms',
    });
    expect(settings).to.include({
      outPath: 'out/app.zip',
      appVersion: '2.3.4',
      developerName: 'Helpline Team',
      websiteUrl: 'https://www.example.org/',
      privacyUrl: 'https://www.example.org/legal/privacy',
      termsUrl: 'https://www.example.org/legal/terms',
    });
  });

  it('requires MicrosoftAppId, in one line', () => {
    expect(() => loadTeamsPackageSettings({ PUBLIC_BASE_URL: base.PUBLIC_BASE_URL }))
      .to.throw(TeamsPackageError)
      .with.property('message')
      .that.matches(/^MicrosoftAppId is required[^\n]*$/);
  });

  it('rejects a MicrosoftAppId that is not a GUID, showing the value', () => {
    expect(() => loadTeamsPackageSettings({ ...base, MicrosoftAppId: 'my-bot' }))
      .to.throw(TeamsPackageError)
      .with.property('message')
      .that.matches(/^MicrosoftAppId must be a GUID[^\n]*\(got "my-bot"\)$/);
  });

  it('requires an https PUBLIC_BASE_URL', () => {
    expect(() => loadTeamsPackageSettings({ MicrosoftAppId: APP_ID })).to.throw(TeamsPackageError, /PUBLIC_BASE_URL is required/);
    expect(() => loadTeamsPackageSettings({ ...base, PUBLIC_BASE_URL: 'http://bot.example.org' })).to.throw(
      TeamsPackageError,
      /PUBLIC_BASE_URL must be an https:\/\/ URL/,
    );
  });

  it('rejects bad TEAMS_* values with the variable name', () => {
    expect(() => loadTeamsPackageSettings({ ...base, TEAMS_APP_VERSION: 'v1' })).to.throw(TeamsPackageError, /TEAMS_APP_VERSION/);
    expect(() => loadTeamsPackageSettings({ ...base, TEAMS_PRIVACY_URL: 'http://x.example' })).to.throw(
      TeamsPackageError,
      /TEAMS_PRIVACY_URL must be an https/,
    );
    expect(() => loadTeamsPackageSettings({ ...base, TEAMS_DEVELOPER_NAME: 'x'.repeat(33) })).to.throw(
      TeamsPackageError,
      /TEAMS_DEVELOPER_NAME must be at most 32/,
    );
  });

  it('reports every problem at once, one per line', () => {
    expect(() => loadTeamsPackageSettings({ MicrosoftAppId: 'nope', TEAMS_APP_VERSION: 'x' }))
      .to.throw(TeamsPackageError)
      .with.property('message')
      .that.satisfies((m: string) => m.split('\n').length === 3);
  });

  it('passes on the bot configuration errors from loadConfig', () => {
    expect(() => loadTeamsPackageSettings({ ...base, HELPLINE_NUMBER: '911' })).to.throw(ConfigError, /HELPLINE_NUMBER/);
  });
});
