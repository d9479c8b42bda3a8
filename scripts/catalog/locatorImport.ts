import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { LocatorRow, mapLocatorRow, type MapNote, SkipReason } from './locatorMapping.js';
import { reportTail } from '../importReport.js';
import { Program, type Catalog } from '../../src/domain/catalog/schema.js';
import { formatPath } from '../../src/domain/catalog/validate.js';
import { JsonShapeError, streamRows, type RowHandlers, type TopLevelScalar } from './locatorStream.js';

/**
 * Imports a SAMHSA FindTreatment.gov locator export (exportsAsJson/v2) into a catalog,
 * keeping only programs offering intensive outpatient treatment. The file is streamed
 * row by row, so memory is bounded by the programs kept, not the file size. Bad rows
 * are skipped and counted; only a file that is not a locator export at all is an error.
 * The code mapping table is in locatorMapping.ts.
 */

export class LocatorFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocatorFormatError';
  }
}

/** Top-level keys that might carry the export's date (the v2 pages seen so far have none). */
const EXPORT_DATE_KEYS = ['exportDate', 'exportedAt', 'exportDateTime', 'generatedAt', 'lastUpdated', 'asOf', 'date'];
/** Skipped rows listed individually in the report; the rest are only counted. */
const MAX_EXAMPLES = 25;

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  kept: number;
}

export interface ImportOptions {
  /** "Now" for generatedAt and the fallback lastVerified (tests pass a fixed date). */
  importDate?: Date;
  /** Overrides the lastVerified date (YYYY-MM-DD), e.g. the date the export was downloaded. */
  verifiedDate?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface SkippedExample {
  /** 1-based position in "rows". */
  row: number;
  reason: SkipReason;
  detail: string;
  sourceId?: string;
}

export interface ImportReport {
  file: string;
  /** recordCount as declared by the export (the whole locator, not this page). */
  declaredRecordCount?: number;
  rowsRead: number;
  kept: number;
  skippedTotal: number;
  skipped: Record<SkipReason, number>;
  examples: SkippedExample[];
  notes: Record<MapNote, number>;
  lastVerified: string;
  lastVerifiedFrom: 'option' | 'export' | 'import_date';
}

export interface ImportResult {
  catalog: Catalog;
  report: ImportReport;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function exportDateFrom(key: string, value: unknown): string | undefined {
  if (!EXPORT_DATE_KEYS.includes(key) || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : isoDay(date);
}

function notLocator(file: string, problem: string): LocatorFormatError {
  return new LocatorFormatError(`${file} is not a FindTreatment.gov locator export (exportsAsJson/v2): ${problem}`);
}

const emptyCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export async function importLocatorFile(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const importDate = options.importDate ?? new Date();
  if (options.verifiedDate !== undefined && !z.iso.date().safeParse(options.verifiedDate).success) {
    throw new LocatorFormatError(`verified date must look like 2024-05-31 (got "${options.verifiedDate}")`);
  }
  let totalBytes: number;
  try {
    totalBytes = (await stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LocatorFormatError(code === 'ENOENT' ? `Locator file not found: ${file}` : `Locator file ${file} cannot be read (${code ?? 'unknown error'})`);
  }

  const report: ImportReport = {
    file,
    rowsRead: 0,
    kept: 0,
    skippedTotal: 0,
    skipped: emptyCounts(SkipReason.options),
    examples: [],
    notes: emptyCounts<MapNote>(['website_dropped', 'intake_phone_dropped', 'age_groups_assumed']),
    lastVerified: '',
    lastVerifiedFrom: 'import_date',
  };
  const programs: Program[] = [];
  const ids = new Set<string>();
  let exportDate: string | undefined;
  let rowsWithLocatorShape = 0;

  const skip = (row: number, reason: SkipReason, detail: string, sourceId?: string): void => {
    report.skipped[reason] += 1;
    report.skippedTotal += 1;
    if (report.examples.length < MAX_EXAMPLES && reason !== 'not_iop') {
      report.examples.push({ row, reason, detail, ...(sourceId ? { sourceId } : {}) });
    }
  };

  const handlers: RowHandlers = {
    field(key: string, value: TopLevelScalar): void {
      if (key === 'recordCount' && typeof value === 'number') report.declaredRecordCount = value;
      exportDate ??= exportDateFrom(key, value);
    },
    badRow(index: number, reason: string): void {
      report.rowsRead += 1;
      skip(index + 1, 'invalid_row', reason);
    },
    row(index: number, value: unknown): void {
      report.rowsRead += 1;
      const rowNumber = index + 1;
      const parsed = LocatorRow.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        skip(rowNumber, 'invalid_row', issue ? `${formatPath(issue.path) || '(row)'}: ${issue.message}` : 'not a locator row');
        return;
      }
      rowsWithLocatorShape += 1;
      const row = parsed.data;
      const sourceId = row.frid ?? undefined;
      // lastVerified is filled in at the end, once the export's own date may have been seen.
      const mapped = mapLocatorRow(row, '1970-01-01');
      if (!mapped.ok) {
        skip(rowNumber, mapped.reason, mapped.detail, sourceId);
        return;
      }
      const checked = Program.safeParse(mapped.program);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        skip(rowNumber, 'invalid_record', issue ? `${formatPath(issue.path)}: ${issue.message}` : 'invalid', sourceId);
        return;
      }
      if (ids.has(checked.data.id)) {
        skip(rowNumber, 'duplicate', `same id as an earlier row (${checked.data.id})`, sourceId);
        return;
      }
      // structuredClone: the row's strings are slices of the text chunk they were parsed from, and
      // a kept program (or its id) would keep that whole chunk alive: 70 MB more at 25,000 rows.
      const program = structuredClone(checked.data);
      ids.add(program.id);
      for (const note of mapped.notes) report.notes[note] += 1;
      programs.push(program);
      report.kept += 1;
    },
    progress(bytesRead: number): void {
      options.onProgress?.({ bytesRead, totalBytes, rows: report.rowsRead, kept: report.kept });
    },
  };

  let sawArray: boolean;
  try {
    ({ sawArray } = await streamRows(file, 'rows', handlers));
  } catch (error) {
    if (error instanceof JsonShapeError) throw notLocator(file, error.message);
    throw error;
  }
  if (!sawArray) throw notLocator(file, 'it has no top-level "rows" array');
  if (report.rowsRead > 0 && rowsWithLocatorShape === 0) {
    throw notLocator(file, `none of its ${report.rowsRead} rows has the locator fields (name1, services[] of {f1, f2, f3})`);
  }

  if (options.verifiedDate !== undefined) {
    report.lastVerified = options.verifiedDate;
    report.lastVerifiedFrom = 'option';
  } else if (exportDate !== undefined) {
    report.lastVerified = exportDate;
    report.lastVerifiedFrom = 'export';
  } else {
    report.lastVerified = isoDay(importDate);
  }
  for (const program of programs) program.lastVerified = report.lastVerified;

  const catalog: Catalog = {
    meta: {
      source: 'FindTreatment.gov locator export (exportsAsJson/v2)',
      description:
        `Real listings imported from the SAMHSA treatment locator export ${path.basename(file)}: ` +
        `${report.kept} of ${report.rowsRead} rows offer intensive outpatient treatment. ` +
        `Listings as of ${report.lastVerified}; schedules are not in the export, so people should call to confirm.`,
      sample: false,
      generatedAt: importDate.toISOString(),
      importedFrom: path.basename(file),
      lastVerifiedFrom: report.lastVerifiedFrom,
      rowsRead: report.rowsRead,
      kept: report.kept,
      skipped: report.skippedTotal,
      ...(report.declaredRecordCount !== undefined ? { declaredRecordCount: report.declaredRecordCount } : {}),
    },
    programs,
  };
  return { catalog, report };
}

/** Human-readable summary for the CLI. */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    `Read ${report.rowsRead} rows from ${report.file}${report.declaredRecordCount !== undefined ? ` (export declares ${report.declaredRecordCount} records in all)` : ''}`,
    `Kept ${report.kept} IOP programs; skipped ${report.skippedTotal}`,
  ];
  const examples = report.examples.map((e) => `row ${e.row}${e.sourceId ? ` (${e.sourceId.slice(0, 12)})` : ''}: ${e.reason}: ${e.detail}`);
  lines.push(...reportTail(report, examples));
  lines.push(`lastVerified ${report.lastVerified} (from ${report.lastVerifiedFrom.replace('_', ' ')})`);
  return lines.join('\n');
}
