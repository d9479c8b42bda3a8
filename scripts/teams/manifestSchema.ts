import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';

/**
 * Manifest schema version the template targets. 1.22 is the newest version the Microsoft Learn
 * manifest reference names as current; @microsoft/app-manifest ships the schema, so nothing is
 * downloaded at build or test time.
 */
export const MANIFEST_VERSION = '1.22';

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const require = createRequire(import.meta.url);

/** Path of the Teams manifest JSON schema for a version, inside @microsoft/app-manifest. */
export function manifestSchemaPath(version: string = MANIFEST_VERSION): string {
  return require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  const schema: unknown = JSON.parse(readFileSync(manifestSchemaPath(version), 'utf8'));
  if (typeof schema !== 'object' || schema === null) throw new Error(`schema for manifest ${version} is not an object`);
  // The Teams schemas declare draft-04 and use a few annotation keywords ajv's strict mode rejects.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  validators.set(version, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(manifest)' : error.instancePath;
  const extra = error.keyword === 'additionalProperties' ? ` (${JSON.stringify(error.params)})` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}

/** Validates a filled manifest against the schema of the version it declares; returns one line per problem. */
export function validateManifest(manifest: unknown): string[] {
  const declared =
    typeof manifest === 'object' && manifest !== null && 'manifestVersion' in manifest ? manifest.manifestVersion : undefined;
  if (typeof declared !== 'string') return ['(manifest) has no manifestVersion string'];
  let validate: ValidateFunction;
  try {
    validate = validatorFor(declared);
  } catch {
    return [`(manifest) manifestVersion ${declared} has no schema in @microsoft/app-manifest`];
  }
  return validate(manifest) ? [] : (validate.errors ?? []).map(describe);
}

let localizationValidator: ValidateFunction | undefined;

/** Validates a filled localization file (teams/es-us.json) against Teams' localization schema of the manifest's version. */
export function validateLocalization(content: unknown, version: string = MANIFEST_VERSION): string[] {
  if (!localizationValidator) {
    const path = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`);
    // Its patternProperties use \b inside brackets ("[\b(...)\b]"), which only a non-unicode RegExp accepts.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    localizationValidator = ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
  }
  return localizationValidator(content) ? [] : (localizationValidator.errors ?? []).map(describe);
}
