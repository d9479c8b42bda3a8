import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { validateManifest } from './manifestSchema.js';
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

/** The app package Teams accepts: manifest.json and both icons at the root of a zip. */
export function buildTeamsPackage(settings: TeamsPackageSettings): Uint8Array {
  const manifest = buildManifest(settings);
  const files = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': readFileSync(COLOR_ICON_PATH),
    'outline.png': readFileSync(OUTLINE_ICON_PATH),
  };
  return zipSync(files, { level: 9, mtime: ZIP_MTIME });
}
