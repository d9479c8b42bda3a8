import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import { buildManifest, ManifestInvalidError, readManifestTemplate, templateValues } from '../../scripts/teams/buildPackage.js';
import { MANIFEST_VERSION, manifestSchemaPath, validateManifest } from '../../scripts/teams/manifestSchema.js';
import { placeholdersIn } from '../../scripts/teams/manifestTemplate.js';
import { loadTeamsPackageSettings } from '../../scripts/teams/packageSettings.js';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const settings = loadTeamsPackageSettings({ MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://bot.example.org:8443/app' });

// Only the fields these tests read; the JSON schema checks the rest.
const Command = z.object({ title: z.string(), description: z.string() });
const FilledManifest = z.object({
  $schema: z.string(),
  manifestVersion: z.string(),
  id: z.string(),
  name: z.object({ short: z.string(), full: z.string() }),
  description: z.object({ short: z.string(), full: z.string() }),
  developer: z.object({ name: z.string(), websiteUrl: z.string(), privacyUrl: z.string(), termsOfUseUrl: z.string() }),
  validDomains: z.array(z.string()),
  bots: z
    .array(
      z.object({
        botId: z.string(),
        scopes: z.array(z.string()),
        supportsFiles: z.boolean(),
        isNotificationOnly: z.boolean(),
        commandLists: z.array(z.object({ scopes: z.array(z.string()), commands: z.array(Command) })),
      }),
    )
    .length(1),
});

// The chat menu's button titles, which Teams sends back as text when a command is picked.
const MenuTitles = z.object({ menu: z.object({ find: z.string(), learn: z.string(), talk: z.string() }) });

describe('teams manifest', () => {
  const manifest = buildManifest(settings);
  const parsed = FilledManifest.parse(manifest);
  const bot = parsed.bots[0];
  if (bot === undefined) throw new Error('no bot in manifest');

  it(`validates against the Teams v${MANIFEST_VERSION} JSON schema shipped by @microsoft/app-manifest`, () => {
    // Compiled here independently of scripts/teams/manifestSchema.ts, straight from the npm package.
    const schema = JSON.parse(readFileSync(manifestSchemaPath(MANIFEST_VERSION), 'utf8')) as object;
    const ajv = new AjvDraft04Module.default({ allErrors: true, strict: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([]);
    expect(ok).to.equal(true);
  });

  it('is checked by a validator that does reject broken manifests', () => {
    const broken = { ...parsed, id: 'not-a-guid', accentColor: 'teal' };
    const problems = validateManifest(broken);
    expect(problems.some((p) => p.startsWith('/id'))).to.equal(true);
    expect(problems.some((p) => p.startsWith('/accentColor'))).to.equal(true);
    expect(() => buildManifest(settings, { ...(readManifestTemplate() as object), name: { short: 'x'.repeat(31) } })).to.throw(
      ManifestInvalidError,
      /\/name\/short/,
    );
  });

  it('declares the schema version it is validated against', () => {
    expect(parsed.manifestVersion).to.equal(MANIFEST_VERSION);
    expect(parsed.$schema).to.equal(`https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
  });

  it('uses the Microsoft App ID for both the app id and the bot id', () => {
    expect(parsed.id).to.equal(APP_ID);
    expect(bot.botId).to.equal(APP_ID);
  });

  it('is a personal-scope conversational bot without files', () => {
    expect(bot.scopes).to.deep.equal(['personal']);
    expect(bot.supportsFiles).to.equal(false);
    expect(bot.isNotificationOnly).to.equal(false);
    expect(bot.commandLists.map((l) => l.scopes)).to.deep.equal([['personal']]);
  });

  it('offers the three chat menu items as bot commands, with short descriptions', () => {
    const content = MenuTitles.parse(JSON.parse(readFileSync(new URL('../../data/content.json', import.meta.url), 'utf8')));
    const commands = bot.commandLists.flatMap((l) => l.commands);
    expect(commands.map((c) => c.title)).to.deep.equal([content.menu.find, content.menu.learn, content.menu.talk]);
    for (const command of commands) {
      expect(command.description.length, command.title).to.be.within(10, 80);
    }
  });

  it('takes validDomains from the host of PUBLIC_BASE_URL (no scheme, port or path)', () => {
    expect(parsed.validDomains).to.deep.equal(['bot.example.org']);
  });

  it('fills developer information from configuration', () => {
    expect(parsed.developer).to.deep.equal({
      name: 'Recovery Guide',
      websiteUrl: 'https://bot.example.org:8443/app',
      privacyUrl: 'https://bot.example.org:8443/app/privacy',
      termsOfUseUrl: 'https://bot.example.org:8443/app/terms',
    });
  });

  it('describes the app honestly: helpline, not a clinician, 911 and 988 for emergencies', () => {
    expect(parsed.description.short.length).to.be.at.most(80);
    expect(parsed.description.full.length).to.be.at.most(4000);
    expect(parsed.description.full).to.include('833-820-2922');
    expect(parsed.description.full).to.include('24 hours a day, 7 days a week');
    expect(parsed.description.full).to.match(/not a doctor or counselor/);
    expect(parsed.description.full).to.match(/\b911\b/);
    expect(parsed.description.full).to.match(/\b988\b/);
  });

  it('uses the configured helpline number', () => {
    const custom = loadTeamsPackageSettings({ MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://a.example', HELPLINE_NUMBER: '800-555-0199' });
    expect(FilledManifest.parse(buildManifest(custom)).description.full).to.include('800-555-0199');
  });

  it('has a value for every placeholder in the template, and no placeholder left after filling', () => {
    const used = placeholdersIn(readManifestTemplate());
    expect([...used].sort()).to.deep.equal(Object.keys(templateValues(settings)).sort());
    expect(JSON.stringify(manifest)).not.to.match(/\{\{/);
  });
});
