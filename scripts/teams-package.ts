/**
 * `npm run teams:package`: builds the Microsoft Teams app package (manifest.json, color.png,
 * outline.png at the zip root) from teams/ and the environment. Reads .env from the working
 * directory when there is one. Configuration problems print one line each and exit 1.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../src/config.js';
import { buildTeamsPackage, ManifestInvalidError } from './teams/buildPackage.js';
import { loadTeamsPackageSettings, TeamsPackageError } from './teams/packageSettings.js';
import { TemplateError } from './teams/manifestTemplate.js';

function main(): number {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const settings = loadTeamsPackageSettings(process.env);
    const zip = buildTeamsPackage(settings);
    const out = resolve(settings.outPath);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    console.log(`Teams app package written to ${out} (app id ${settings.appId}, version ${settings.appVersion})`);
    return 0;
  } catch (error) {
    // Expected problems get their message only; anything else is a bug and keeps its stack.
    if (
      error instanceof ConfigError ||
      error instanceof TeamsPackageError ||
      error instanceof ManifestInvalidError ||
      error instanceof TemplateError
    ) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
