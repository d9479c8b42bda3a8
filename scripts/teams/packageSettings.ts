import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { PACKAGE_JSON_PATH } from './paths.js';

/** Everything `npm run teams:package` needs, validated up front so a bad value fails with one clear line. */
export interface TeamsPackageSettings {
  appId: string;
  appVersion: string;
  publicBaseUrl: URL;
  helplineNumber: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
  outPath: string;
}

export class TeamsPackageError extends Error {}

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
// Teams requires MAJOR.MINOR.PATCH and a higher version for every update of an installed app.
const SEMVER = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/;

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const trimmed = z.string().trim();

const httpsUrl = (name: string) =>
  z.preprocess(
    blankToUndefined,
    trimmed
      .pipe(z.url({ protocol: /^https$/, error: `${name} must be an https:// URL` }))
      .transform((v) => new URL(v).href) // normalised like the defaults built with URL
      .optional(),
  );

/** Extra variables only the packaging script reads (not part of the bot's runtime config). */
export const TeamsPackageEnvSchema = z.object({
  TEAMS_PACKAGE_OUT: z.preprocess(blankToUndefined, trimmed.default('dist/teams-app.zip')),
  TEAMS_APP_VERSION: z.preprocess(
    blankToUndefined,
    trimmed.regex(SEMVER, 'TEAMS_APP_VERSION must look like 1.2.3').optional(),
  ),
  TEAMS_DEVELOPER_NAME: z.preprocess(
    blankToUndefined,
    trimmed.max(32, 'TEAMS_DEVELOPER_NAME must be at most 32 characters (a Teams limit)').default('Recovery Guide'),
  ),
  TEAMS_WEBSITE_URL: httpsUrl('TEAMS_WEBSITE_URL'),
  TEAMS_PRIVACY_URL: httpsUrl('TEAMS_PRIVACY_URL'),
  TEAMS_TERMS_URL: httpsUrl('TEAMS_TERMS_URL'),
});

const AppIdSchema = z
  .string({ error: 'MicrosoftAppId is required to build the Teams package: set it to the bot\'s Microsoft App ID (a GUID)' })
  .regex(GUID, 'MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000 to build the Teams package');

const BaseUrlSchema = z
  .string({ error: 'PUBLIC_BASE_URL is required to build the Teams package: set it to the https:// address the bot is served from' })
  .pipe(z.url({ protocol: /^https$/, error: 'PUBLIC_BASE_URL must be an https:// URL for the Teams package' }));

const PackageJsonSchema = z.object({ version: z.string().regex(SEMVER, 'package.json version must look like 1.2.3') });

function firstMessage(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join('\n');
}

function quoted(value: string | undefined): string {
  if (value === undefined) return '';
  return ` (got "${value.length > 40 ? `${value.slice(0, 40)}…` : value}")`;
}

/**
 * Reads the packaging settings from the environment. Throws ConfigError (from loadConfig) for an
 * invalid bot setting, or TeamsPackageError with one line per problem otherwise.
 */
export function loadTeamsPackageSettings(env: NodeJS.ProcessEnv = process.env): TeamsPackageSettings {
  const config = loadConfig(env);
  const problems: string[] = [];

  const appId = AppIdSchema.safeParse(config.MicrosoftAppId);
  if (!appId.success) problems.push(firstMessage(appId.error) + quoted(config.MicrosoftAppId));

  const baseUrl = BaseUrlSchema.safeParse(config.PUBLIC_BASE_URL);
  if (!baseUrl.success) problems.push(firstMessage(baseUrl.error) + quoted(config.PUBLIC_BASE_URL));

  const extra = TeamsPackageEnvSchema.safeParse(env);
  if (!extra.success) problems.push(firstMessage(extra.error));

  if (!appId.success || !baseUrl.success || !extra.success) throw new TeamsPackageError(problems.join('\n'));

  const base = new URL(baseUrl.data);
  // Links are built relative to the base so a base with a path (https://host/bot/) keeps it.
  const baseWithSlash = new URL(base.pathname.endsWith('/') ? base.href : `${base.href}/`);
  const appVersion = extra.data.TEAMS_APP_VERSION ?? PackageJsonSchema.parse(JSON.parse(readFileSync(PACKAGE_JSON_PATH, 'utf8'))).version;

  return {
    appId: appId.data,
    appVersion,
    publicBaseUrl: base,
    helplineNumber: config.HELPLINE_NUMBER,
    developerName: extra.data.TEAMS_DEVELOPER_NAME,
    websiteUrl: extra.data.TEAMS_WEBSITE_URL ?? base.href,
    privacyUrl: extra.data.TEAMS_PRIVACY_URL ?? new URL('privacy', baseWithSlash).href,
    termsUrl: extra.data.TEAMS_TERMS_URL ?? new URL('terms', baseWithSlash).href,
    outPath: extra.data.TEAMS_PACKAGE_OUT,
  };
}
