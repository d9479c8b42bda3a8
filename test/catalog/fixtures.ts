import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Catalog, Program } from '../../src/domain/catalog/schema.js';
import { fromRoot } from '../../src/paths.js';

/** Shared helpers for the catalog tests: valid records, temp dirs, a log recorder, polling. */

export const LOCATOR_FIXTURE = fromRoot('test/fixtures/findtreatment-locator-sample.json');

export function validProgram(id = 'oak-ridge-03'): Program {
  return {
    id,
    name: 'Oak Ridge Recovery',
    organization: 'Oak Ridge Health Network',
    address: { street: '12 Elm Street', city: 'Columbus', state: 'OH', zip: '43215', latitude: 39.9671, longitude: -83.0044 },
    phone: '614-555-0101',
    intakePhone: '614-555-0102',
    website: 'https://example.org/programs/oak-ridge-03',
    levels: ['intensive_outpatient', 'outpatient'],
    iopTracks: [{ label: 'Evening track', days: ['mon', 'wed', 'thu'], start: '18:00', end: '21:00', hoursPerWeek: 9, format: 'in_person' }],
    paymentAccepted: ['medicaid', 'self_pay'],
    paymentAssistance: ['sliding_scale'],
    languages: ['en', 'es'],
    ageGroups: ['adult'],
    populations: ['women'],
    services: { groupTherapy: ['cbt'], individualCounseling: 'weekly', supportGroups: ['twelve_step'], complementary: ['yoga'], aftercare: ['alumni_groups'] },
    medications: ['naltrexone'],
    accreditation: ['state_licensed'],
    lastVerified: '2024-09-01',
  };
}

export function validCatalog(programs: Program[] = [validProgram()]): Catalog {
  return {
    meta: { source: 'test', description: 'Test catalog (sample data, not real listings)', sample: true, generatedAt: '2025-01-01T00:00:00Z' },
    programs,
  };
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'catalog-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function recordingLogger(): { logger: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger('info', sink);
  const text = (): string => chunks.join('');
  const lines = (): Record<string, unknown>[] =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, text };
}

/** Polls until `check` is true; fails after `timeoutMs` (generous for a slow shared machine). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
