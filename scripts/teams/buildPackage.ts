import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { validateLocalization, validateManifest } from './manifestSchema.js';
import { dirname, join } from 'node:path';
import { fillTemplate } from './manifestTemplate.js';
import type { TeamsPackageSettings } from './packageSettings.js';
import { COLOR_ICON_PATH, MANIFEST_TEMPLATE_PATH, OUTLINE_ICON_PATH } from './paths.js';

export class ManifestInvalidError extends Error {}

/** Values for the template's `{{NAME}}` placeholders. */
export function templateValues(settings: TeamsPackageSettings): Record<string, string> {
  return {
    MICROSOFT_APP_ID: settings.appId,
    APP_VERSION: settings.appVersion,
    DEVELOPER_NAME: settings.developerName,
    WEBSITE_URL: settings.websiteUrl,
    PRIVACY_URL: settings.privacyUrl,
    TERMS_URL: settings.termsUrl,
    HELPLINE_NUMBER: settings.helplineNumber,
    // validDomains take a bare host name: no scheme, path or port.
    PUBLIC_HOST: settings.publicBaseUrl.hostname,
  };
}

export function readManifestTemplate(path: string = MANIFEST_TEMPLATE_PATH): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Fills the template and checks the result against the Teams schema; throws listing every problem. */
export function buildManifest(settings: TeamsPackageSettings, template: unknown = readManifestTemplate()): unknown {
  const manifest = fillTemplate(template, templateValues(settings));
  const problems = validateManifest(manifest);
  if (problems.length > 0) {
    throw new ManifestInvalidError(`Teams manifest does not match its schema:\n  ${problems.join('\n  ')}`);
  }
  return manifest;
}

// A fixed timestamp makes the zip reproducible: the same settings give the same bytes.
const ZIP_MTIME = new Date('2000-01-01T00:00:00Z');

/** Each localization file the manifest names (teams/<file>), filled like the manifest and checked against Teams' localization schema. */
export function buildLocalizations(settings: TeamsPackageSettings, template: unknown = readManifestTemplate()): Array<{ file: string; content: unknown }> {
  const info = (template as { localizationInfo?: { additionalLanguages?: Array<{ file: string }> } }).localizationInfo;
  return (info?.additionalLanguages ?? []).map(({ file }) => {
    const content = fillTemplate(JSON.parse(readFileSync(join(dirname(MANIFEST_TEMPLATE_PATH), file), 'utf8')) as unknown, templateValues(settings));
    const problems = validateLocalization(content);
    if (problems.length > 0) throw new ManifestInvalidError(`Teams localization ${file} does not match its schema:\n  ${problems.join('\n  ')}`);
    return { file, content };
  });
}

/** The app package Teams accepts: manifest.json, its localization files and both icons at the root of a zip. */
export function buildTeamsPackage(settings: TeamsPackageSettings): Uint8Array {
  const manifest = buildManifest(settings);
  const files = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    // The manifest's localizationInfo names these: Spanish names, descriptions and commands (#18).
    ...Object.fromEntries(buildLocalizations(settings).map(({ file, content }) => [file, new TextEncoder().encode(`${JSON.stringify(content, null, 2)}\n`)])),
    'color.png': readFileSync(COLOR_ICON_PATH),
    'outline.png': readFileSync(OUTLINE_ICON_PATH),
  };
  return zipSync(files, { level: 9, mtime: ZIP_MTIME });
}
