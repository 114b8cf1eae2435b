import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, isPlainObject, type InputIssue } from '@derand/registry';
import type { RunRecord } from './run-record.js';

/** A sweep's results.jsonl, open for appending. */
export interface ResultsLog {
  readonly path: string;
  /** Every record in the file, first of each run id and status, in file order. */
  readonly records: readonly RunRecord[];
  /** A partial last line (a write cut short by a kill) that was removed on opening, if any. */
  readonly dropped?: string;
  /** Run ids with an `ok` record. */
  completed(): ReadonlySet<string>;
  /** Appends a record unless the file already has one for its run id and status; true when written. */
  append(record: RunRecord): boolean;
  close(): void;
}

const keyOf = (record: Pick<RunRecord, 'runId' | 'status'>): string => `${record.runId}\u0000${record.status}`;

/**
 * Reads the records of a results file: one JSON object per line. A last line without its
 * newline is a write cut short and is left out; any other line that is not a record is an
 * error naming the file and line. Records are de-duplicated by run id and status.
 *
 * @throws InputError (RESULTS_CORRUPT) listing every bad line.
 */
export function readResults(path: string): { records: RunRecord[]; partial?: { text: string; offset: number } } {
  if (!existsSync(path)) return { records: [] };
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const partial = end < text.length ? { text: text.slice(end), offset: Buffer.byteLength(text.slice(0, end)) } : undefined;
  const records: RunRecord[] = [];
  const seen = new Set<string>();
  const issues: InputIssue[] = [];
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        issues.push({ where: `${path}:${i + 1}`, message: `is not JSON (${(error as Error).message})` });
        return;
      }
      if (!isPlainObject(value) || value['format'] !== 'derand-sweep-result/1' || typeof value['runId'] !== 'string' || (value['status'] !== 'ok' && value['status'] !== 'failed')) {
        issues.push({ where: `${path}:${i + 1}`, message: 'is not a sweep result (format derand-sweep-result/1 with runId and status)' });
        return;
      }
      const record = value as unknown as RunRecord;
      if (seen.has(keyOf(record))) return;
      seen.add(keyOf(record));
      records.push(record);
    });
  if (issues.length > 0) throw new InputError('RESULTS_CORRUPT', `Results file ${path} has lines that are not results:`, issues, 'Remove or fix those lines (each line is one run); the runs they held run again.');
  return { records, ...(partial === undefined ? {} : { partial }) };
}

/**
 * Opens a results file for appending, creating it (and its folder) when absent. A partial last
 * line left by a killed writer is cut off first, so the next record starts on its own line.
 * Each record is written with one `write` and flushed to disk (`fsync`) before `append`
 * returns: a record on disk is whole, and a run whose record is not there runs again.
 *
 * @example const log = openResults('runs/sweeps/lambda/results.jsonl'); log.append(record); log.close();
 */
export function openResults(path: string): ResultsLog {
  mkdirSync(dirname(path), { recursive: true });
  const { records, partial } = readResults(path);
  if (partial !== undefined) truncateSync(path, partial.offset);
  const all = [...records];
  const seen = new Set(records.map(keyOf));
  const fd = openSync(path, 'a');
  return {
    path,
    records: all,
    ...(partial === undefined ? {} : { dropped: partial.text }),
    completed: () => new Set(all.filter((r) => r.status === 'ok').map((r) => r.runId)),
    append: (record) => {
      if (seen.has(keyOf(record))) return false;
      const bytes = Buffer.from(`${JSON.stringify(record)}\n`);
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
      seen.add(keyOf(record));
      all.push(record);
      return true;
    },
    close: () => closeSync(fd),
  };
}
