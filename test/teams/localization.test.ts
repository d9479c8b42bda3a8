import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { buildLocalizations, buildManifest, buildTeamsPackage } from '../../scripts/teams/buildPackage.js';
import { validateLocalization } from '../../scripts/teams/manifestSchema.js';
import { loadTeamsPackageSettings } from '../../scripts/teams/packageSettings.js';
import { loadContent } from '../../src/domain/content.js';
import { fromRoot } from '../../src/paths.js';

/**
 * The Teams app in Spanish (issue #18): the manifest names a localization file for es-us,
 * which gives the app's name, descriptions and the three commands in Spanish, is valid for
 * Teams' localization schema, and is in the package next to manifest.json.
 */
const settings = loadTeamsPackageSettings({ MicrosoftAppId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', PUBLIC_BASE_URL: 'https://bot.example.org' });
const es = loadContent(fromRoot('data')).in('es');

describe('teams manifest localization (Spanish)', () => {
  const manifest = buildManifest(settings) as { localizationInfo?: { defaultLanguageTag: string; additionalLanguages: Array<{ languageTag: string; file: string }> } };
  const [spanish] = buildLocalizations(settings);
  const content = (spanish?.content ?? {}) as Record<string, string>;

  it('the manifest names es-us.json for es-us, English being the default', () => {
    expect(manifest.localizationInfo).to.deep.equal({ defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'es-us', file: 'es-us.json' }] });
    expect(spanish?.file).to.equal('es-us.json');
  });

  it("is valid for Teams' localization schema, and the check can fail", () => {
    expect(validateLocalization(content)).to.deep.equal([]);
    expect(validateLocalization({ ...content, 'name.short': 'x'.repeat(31) })).to.not.deep.equal([]);
  });

  it('gives the commands as the Spanish menu buttons, which Teams sends back as the message', () => {
    expect([0, 1, 2].map((i) => content[`bots[0].commandLists[0].commands[${i}].title`])).to.deep.equal([es.text.menu.find, es.text.menu.learn, es.text.menu.talk]);
  });

  it('says, in Spanish, the helpline as configured, SAMHSA in Spanish, not a clinician, 911 and 988 press 2', () => {
    const full = content['description.full'] ?? '';
    expect(full).to.include('833-820-2922');
    expect(full).to.include('1-800-662-4357');
    expect(full).to.match(/no es médico ni consejero/);
    expect(full).to.include('911');
    expect(full).to.include('988 y marca 2');
    expect(JSON.stringify(content)).not.to.match(/\{\{/);
  });

  it('is in the package beside manifest.json', () => {
    const files = unzipSync(buildTeamsPackage(settings));
    expect(Object.keys(files).sort()).to.deep.equal(['color.png', 'es-us.json', 'manifest.json', 'outline.png']);
  });
});
