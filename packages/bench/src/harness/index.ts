export { benchArgs, onceCase, resultsFile, runBenchmarks } from './run-benchmarks.js';
export type { BenchCase, BenchReport, BenchResult, RunBenchmarksOptions } from './run-benchmarks.js';
