import { describe, expect, it } from 'vitest';
import { InputError } from '@derand/registry';
import { matrixFromRows } from './matrix.js';
import { parseCsv } from './read-csv.js';
import { parseJsonData } from './read-json.js';
import { validateData } from './validate.js';

function issuesOf(fn: () => unknown): { where: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((i) => ({ where: i.where, message: i.message }));
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('CSV reader', () => {
  it('reads numbers with a detected header, comments, blank lines and other delimiters', () => {
    const X = parseCsv('# points\nx,y,z\n1,2,3\n\n4.5,-6e-1,.5\n', 'p.csv');
    expect([X.rows, X.cols]).toEqual([2, 3]);
    expect(Array.from(X.values)).toEqual([1, 2, 3, 4.5, -0.6, 0.5]);
    expect(Array.from(X.lines!)).toEqual([3, 5]);
    expect(Array.from(parseCsv('1;2\n3;4', 's.csv').values)).toEqual([1, 2, 3, 4]);
    expect(Array.from(parseCsv('1 2\n3   4\n', 'w.txt').values)).toEqual([1, 2, 3, 4]);
  });

  it('collects every ragged line and bad cell with file:line', () => {
    const issues = issuesOf(() => parseCsv('a,b\n1,2\n3\n4,x\n5,6,7\n', 'bad.csv'));
    expect(issues.map((i) => i.where)).toEqual(['bad.csv:3', 'bad.csv:4, column 2', 'bad.csv:5']);
    expect(issues[0]!.message).toContain('has 1 cells, expected 2');
  });

  it('takes a header only from a line of names, and refuses column numbers', () => {
    // a first line mixing words and numbers is a bad data line, not a header to drop
    expect(issuesOf(() => parseCsv('1,x\n2,3\n', 'm.csv')).map((i) => i.where)).toEqual(['m.csv:1, column 2']);
    expect(() => parseCsv('0,1,2\n3,4,5\n', 'p.csv')).toThrow(/p\.csv:1: reads 0,1,2: column numbers \(a header\) or a data point[\s\S]*--header yes/);
    expect(parseCsv('0,1,2\n3,4,5\n', 'p.csv', { header: true }).rows).toBe(1);
    expect(parseCsv('0,1,2\n3,4,5\n', 'p.csv', { header: false }).rows).toBe(2);
    expect(parseCsv('0,1\n1,0\n', 'two.csv').rows).toBe(2);
  });

  it('parses NaN and inf so validation can point at their lines', () => {
    const X = parseCsv('1,2\nnan,3\n4,-inf\n0,0\n1,2\n', 'n.csv');
    const issues = issuesOf(() => validateData(X, { distinctRows: true, k: 5 }));
    expect(issues.map((i) => i.where)).toEqual(['n.csv:2, n.csv:3', 'n.csv:4', 'n.csv:5 repeats n.csv:1', 'k']);
    expect(issues[0]!.message).toMatch(/2 row\(s\) hold NaN or ±Infinity/);
    expect(issues[1]!.message).toMatch(/all zeros/);
    expect(issues[3]!.message).toMatch(/must not exceed the data dimension d = 2/);
  });
});

describe('JSON reader and validation', () => {
  it('reads arrays of rows and {data: rows}', () => {
    expect(Array.from(parseJsonData('[[1,2],[3,4]]', 'a.json').values)).toEqual([1, 2, 3, 4]);
    expect(parseJsonData('{"data": [[1,2,3]]}', 'b.json').cols).toBe(3);
  });

  it('names ragged rows, nulls (NaN written by JSON.stringify) and non-JSON', () => {
    const issues = issuesOf(() => parseJsonData('[[1,2],[3],[null,4],["5",6]]', 'c.json'));
    expect(issues.map((i) => i.where)).toEqual(['c.json row 1', 'c.json row 2, column 0', 'c.json row 3, column 0']);
    expect(issues[1]!.message).toContain('JSON writes NaN and Infinity as null');
    expect(issuesOf(() => parseJsonData('{"rows": 1}', 'd.json'))[0]!.message).toContain('array of rows');
    expect(issuesOf(() => parseJsonData('[[1,2],', 'e.json'))[0]!.message).toContain('not valid JSON');
  });

  it('reports repeated points for pairwise problems, and empty data', () => {
    const X = matrixFromRows([[1, 0], [0, 1], [1, 0]], 'dup');
    expect(issuesOf(() => validateData(X, { distinctRows: true }))[0]!.where).toBe('dup row 2 repeats dup row 0');
    expect(() => validateData(X)).not.toThrow();
    expect(issuesOf(() => validateData(matrixFromRows([], 'empty')))[0]!.message).toContain('holds no data');
  });
});
