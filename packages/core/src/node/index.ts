export { DATA_DIR_MISSING, dataDir } from './data-dir.js';
export { writeFileAtomic } from './write-file-atomic.js';
