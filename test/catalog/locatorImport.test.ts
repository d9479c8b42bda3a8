import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importLocatorFile, LocatorFormatError, type ImportProgress, type ImportResult } from '../../scripts/catalog/locatorImport.js';
import { generateLocatorFile } from '../../scripts/catalog/locatorFileGenerator.js';
import { normalizePhone, normalizeWebsite } from '../../scripts/catalog/locatorMapping.js';
import { Catalog } from '../../src/domain/catalog/schema.js';
import { LOCATOR_FIXTURE, withTempDir } from './fixtures.js';

const IMPORT_DATE = new Date('2025-03-01T12:00:00Z');

async function importError(file: string): Promise<string> {
  try {
    await importLocatorFile(file, { importDate: IMPORT_DATE });
  } catch (error) {
    if (error instanceof LocatorFormatError) return error.message;
    throw error;
  }
  throw new Error('expected the import to fail');
}

type Row = Record<string, unknown>;
async function fixtureRows(): Promise<Row[]> {
  return (JSON.parse(await readFile(LOCATOR_FIXTURE, 'utf8')) as { rows: Row[] }).rows;
}

describe('locator import', () => {
  describe('the shared 30-row fixture', () => {
    let result: ImportResult;
    before(async () => {
      result = await importLocatorFile(LOCATOR_FIXTURE, { importDate: IMPORT_DATE });
    });

    // Counted by hand from the fixture: rows 4, 5, 13, 14 and 26 list "Intensive outpatient treatment" under SET.
    it('keeps exactly the 5 IOP rows and skips the other 25 as not IOP', () => {
      expect(result.report.rowsRead).to.equal(30);
      expect(result.report.kept).to.equal(5);
      expect(result.report.skippedTotal).to.equal(25);
      expect(result.report.skipped.not_iop).to.equal(25);
      expect(result.report.declaredRecordCount).to.equal(22949);
      expect(result.catalog.programs.map((p) => p.name)).to.deep.equal([
        'Region Ten Community Services Board',
        'Empowering Families Program: Substance Abuse Intensive Outpatient',
        'Addiction Allies LLC',
        'Orchard Mountain Recovery',
        'Valley Community Services Board: Substance Abuse Outpatient Services',
      ]);
    });

    it('maps Orchard Mountain Recovery (row 14) field by field', () => {
      const program = result.catalog.programs.find((p) => p.name === 'Orchard Mountain Recovery');
      expect(program?.id).to.match(/^orchard-mountain-recovery-22901-[0-9a-f]{8}$/);
      expect(program).to.deep.equal({
        id: program?.id,
        name: 'Orchard Mountain Recovery',
        organization: 'Orchard Mountain Recovery',
        address: { street: '355 Rio Road West, Suite 203', city: 'Charlottesville', state: 'VA', zip: '22901', latitude: 38.0841846, longitude: -78.4872088 },
        phone: '434-282-2294',
        website: 'http://www.orchardmtnrecovery.com/',
        levels: ['intensive_outpatient', 'outpatient'],
        iopTracks: [],
        offersTelehealth: false,
        paymentAccepted: ['private_insurance', 'self_pay'],
        paymentAssistance: [],
        languages: ['en'],
        ageGroups: ['young_adult', 'adult'],
        populations: [],
        services: {
          groupTherapy: ['cbt', 'dbt', 'psychoeducation'],
          supportGroups: ['twelve_step', 'other'],
          complementary: [],
          aftercare: ['employment_help', 'family_therapy', 'alumni_groups'],
        },
        medications: [],
        accreditation: ['state_licensed'],
        lastVerified: '2025-03-01',
        sourceId: '76cf96c3e66fecfa71acd1d9d02e9d77b66f01a09194bce3609d6797473a38fe',
      });
    });

    it('maps languages, medications, telehealth, extensions and populations on the other rows', () => {
      const [regionTen, empowering, allies, , valley] = result.catalog.programs;
      expect(regionTen?.languages).to.deep.equal(['en', 'es']);
      expect(regionTen?.medications).to.deep.equal(['buprenorphine']);
      expect(regionTen?.populations).to.deep.equal(['women', 'men', 'co_occurring']);
      expect(empowering?.intakePhone).to.equal('434-971-8454 x1');
      expect(empowering?.offersTelehealth).to.equal(true);
      expect(empowering?.paymentAccepted).to.deep.equal(['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay']);
      expect(allies?.levels).to.deep.equal(['partial_hospitalization', 'intensive_outpatient', 'outpatient']);
      expect(allies?.medications).to.deep.equal(['buprenorphine', 'naltrexone', 'acamprosate', 'disulfiram']);
      expect(allies?.populations).to.deep.equal(['women', 'men', 'pregnant_postpartum']);
      expect(valley?.paymentAssistance).to.deep.equal(['sliding_scale']);
      expect(valley?.accreditation).to.deep.equal(['state_licensed']);
    });

    it('produces a catalog that passes validation, marked as real data with its provenance', () => {
      const catalog = Catalog.parse(result.catalog);
      expect(catalog.meta.sample).to.equal(false);
      expect(catalog.meta.generatedAt).to.equal('2025-03-01T12:00:00.000Z');
      expect(catalog.meta.importedFrom).to.equal('findtreatment-locator-sample.json');
      expect(result.report.lastVerifiedFrom).to.equal('import_date');
    });

    it('gives the same ids on every import', async () => {
      const again = await importLocatorFile(LOCATOR_FIXTURE, { importDate: new Date('2030-01-01T00:00:00Z') });
      expect(again.catalog.programs.map((p) => p.id)).to.deep.equal(result.catalog.programs.map((p) => p.id));
    });

    it('uses --verified over the import date', async () => {
      const dated = await importLocatorFile(LOCATOR_FIXTURE, { importDate: IMPORT_DATE, verifiedDate: '2019-06-30' });
      expect(dated.catalog.programs.every((p) => p.lastVerified === '2019-06-30')).to.equal(true);
      expect(dated.report.lastVerifiedFrom).to.equal('option');
      let thrown: unknown;
      await importLocatorFile(LOCATOR_FIXTURE, { verifiedDate: '2019-02-30' }).catch((error: unknown) => (thrown = error));
      expect((thrown as Error).message).to.equal('verified date must look like 2024-05-31 (got "2019-02-30")');
    });
  });

  it('takes lastVerified from a date in the export when there is one', () =>
    withTempDir(async (dir) => {
      const rows = await fixtureRows();
      const file = path.join(dir, 'dated.json');
      await writeFile(file, JSON.stringify({ page: 1, rows: [rows[13]], exportDate: '2019-04-02T10:00:00Z' }));
      const { catalog, report } = await importLocatorFile(file, { importDate: IMPORT_DATE });
      expect(catalog.programs[0]?.lastVerified).to.equal('2019-04-02');
      expect(report.lastVerifiedFrom).to.equal('export');
    }));

  it('skips bad rows with a reason for each and keeps the good ones', () =>
    withTempDir(async (dir) => {
      const rows = await fixtureRows();
      const iop = (n: number): Row => structuredClone(rows[n - 1] as Row);
      const noCoordinates = { ...iop(4), latitude: '' };
      const badPhone = { ...iop(5), phone: 'call the front desk', intake1: null };
      const badZip = { ...iop(13), zip: 'ABCDE' };
      const noServices = { ...iop(26), services: 'none' };
      const good = iop(14);
      const duplicate = iop(14);
      const phoneFromIntake = { ...iop(5), phone: '' };
      const parts = [noCoordinates, badPhone, badZip, noServices, good, duplicate, phoneFromIntake, iop(1)].map((row) => JSON.stringify(row));
      parts.splice(2, 0, '{"name1": true}', '42');
      const file = path.join(dir, 'bad-rows.json');
      await writeFile(file, `{"page":1,"rows":[${parts.join(',')}]}`);

      const { catalog, report } = await importLocatorFile(file, { importDate: IMPORT_DATE });
      expect(report.rowsRead).to.equal(10);
      expect(report.kept).to.equal(2);
      expect(report.skippedTotal).to.equal(8);
      expect(report.skipped).to.deep.equal({
        not_iop: 1,
        invalid_row: 3,
        missing_name: 0,
        missing_address: 0,
        invalid_zip: 1,
        invalid_state: 0,
        missing_coordinates: 1,
        invalid_phone: 1,
        duplicate: 1,
        invalid_record: 0,
      });
      expect(report.examples.map((e) => [e.row, e.reason])).to.deep.equal([
        [1, 'missing_coordinates'],
        [2, 'invalid_phone'],
        [3, 'invalid_row'],
        [4, 'invalid_row'],
        [5, 'invalid_zip'],
        [6, 'invalid_row'],
        [8, 'duplicate'],
      ]);
      expect(report.examples[5]?.detail).to.equal('services: expected services to be a list');
      expect(catalog.programs.map((p) => p.name)).to.deep.equal([
        'Orchard Mountain Recovery',
        'Empowering Families Program: Substance Abuse Intensive Outpatient',
      ]);
      expect(catalog.programs[1]?.phone).to.equal('434-971-8454 x1');
      expect(catalog.programs[1]?.intakePhone).to.equal(undefined);
    }));

  describe('files that are not locator exports', () => {
    it('a catalog file', async () => {
      expect(await importError('data/programs.json')).to.equal(
        'data/programs.json is not a FindTreatment.gov locator export (exportsAsJson/v2): it has no top-level "rows" array',
      );
    });

    it('a JSON array, text, an empty file, rows of the wrong shape, and a missing file', () =>
      withTempDir(async (dir) => {
        const write = async (name: string, text: string): Promise<string> => {
          const file = path.join(dir, name);
          await writeFile(file, text);
          return file;
        };
        const prefix = (file: string): string => `${file} is not a FindTreatment.gov locator export (exportsAsJson/v2): `;
        const array = await write('array.json', '[{"name1":"x"}]');
        expect(await importError(array)).to.equal(`${prefix(array)}expected a JSON object at the top level, found an array`);
        const text = await write('notes.txt', 'name,phone\nA,555');
        expect(await importError(text)).to.equal(`${prefix(text)}it is not valid JSON: expected a value at line 1, column 1`);
        const empty = await write('empty.json', '');
        expect(await importError(empty)).to.equal(`${prefix(empty)}the file is empty`);
        const wrongRows = await write('wrong.json', '{"rows":[{"id":1},{"id":2}]}');
        expect(await importError(wrongRows)).to.equal(`${prefix(wrongRows)}none of its 2 rows has the locator fields (name1, services[] of {f1, f2, f3})`);
        const truncated = await write('truncated.json', '{"page":1,"rows":[{"name1":"A","services":[]},');
        expect(await importError(truncated)).to.equal(`${prefix(truncated)}the file ends after row 1 of "rows" (truncated?)`);
        // A row that is not JSON breaks the file: nothing is imported, and the message says where.
        const broken = await write('broken.json', '{"page":1,"rows":[\n{"name1":"A","services":[]},\n{"name1": tru}\n]}');
        expect(await importError(broken)).to.equal(`${prefix(broken)}it is not valid JSON: expected a value at line 3, column 11`);
        const missing = path.join(dir, 'missing.json');
        expect(await importError(missing)).to.equal(`Locator file not found: ${missing}`);
      }));
  });

  it('streams a generated 2,000-row file, reporting progress as it goes', () =>
    withTempDir(async (dir) => {
      const file = path.join(dir, 'locator-2000.json');
      await generateLocatorFile({ count: 2000, out: file });
      // Independent oracle: parse the whole (small enough) file and count IOP rows directly.
      const whole = JSON.parse(await readFile(file, 'utf8')) as { rows: Array<{ services: Array<{ f2: string; f3: string }> }> };
      const expectedKept = whole.rows.filter((row) =>
        row.services.some((s) => s.f2 === 'SET' && s.f3.split('; ').includes('Intensive outpatient treatment')),
      ).length;
      const progress: ImportProgress[] = [];
      const { catalog, report } = await importLocatorFile(file, { importDate: IMPORT_DATE, onProgress: (p) => progress.push(p) });
      expect(whole.rows).to.have.length(2000);
      expect(report.rowsRead).to.equal(2000);
      expect(report.kept).to.equal(expectedKept).and.to.be.greaterThan(0);
      expect(report.skipped.not_iop).to.equal(2000 - expectedKept);
      expect(new Set(catalog.programs.map((p) => p.id)).size).to.equal(expectedKept);
      expect(progress.length).to.be.greaterThan(2);
      const offsets = progress.map((p) => p.bytesRead);
      expect(offsets).to.deep.equal(offsets.toSorted((a, b) => a - b));
      expect(progress.at(-1)?.bytesRead).to.equal(progress.at(-1)?.totalBytes);
    }));

  describe('value normalization', () => {
    it('normalizes US phone numbers and refuses what is not one', () => {
      expect(normalizePhone('(434) 979-8871')).to.equal('434-979-8871');
      expect(normalizePhone('1-434-979-8871 ext. 12')).to.equal('434-979-8871 x12');
      expect(normalizePhone('434.979.8871 x110')).to.equal('434-979-8871 x110');
      expect(normalizePhone('979-8871')).to.equal(undefined);
      expect(normalizePhone('call us')).to.equal(undefined);
      expect(normalizePhone(null)).to.equal(undefined);
    });

    it('adds a scheme to bare domains and drops what is not a web address', () => {
      expect(normalizeWebsite('www.example.org')).to.equal('http://www.example.org/');
      expect(normalizeWebsite('https://example.org/a')).to.equal('https://example.org/a');
      expect(normalizeWebsite('n/a')).to.equal(undefined);
      expect(normalizeWebsite('')).to.equal(undefined);
    });
  });
});
