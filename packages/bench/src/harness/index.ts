export { benchArgs, onceCase, resultsFile, runBenchmarks } from './run-benchmarks.js';
export { pythonReferenceCase, referencePython, runPythonReference } from './python-reference.js';
export type { PythonReferenceInfo } from './python-reference.js';
export type { BenchCase, BenchReport, BenchResult, RunBenchmarksOptions } from './run-benchmarks.js';
export { csvRows } from './csv.js';
