import { readFileSync } from 'node:fs';

/** The rows of a small CSV file of the data folder (header dropped, no quoting), as string cells. */
export function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
}
