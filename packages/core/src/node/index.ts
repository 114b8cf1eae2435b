export { DATA_DIR_MISSING, dataDir } from './data-dir.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { nodeFiles } from './node-files.js';
export type { FileRead } from './node-files.js';
