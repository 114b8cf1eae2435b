/**
 * The module each pool thread loads (piscina calls its default export with each task): one
 * engine and one registry per thread, kept across the runs the thread is given.
 */
export { executeRun as default } from './execute-run.js';
