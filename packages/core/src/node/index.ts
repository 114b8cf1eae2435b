export { DATA_DIR_MISSING, dataDir } from './data-dir.js';
export { setAtomicWriteFileSystem, writeFileAtomic } from './write-file-atomic.js';
export type { AtomicWriteFileSystem } from './write-file-atomic.js';
export { nodeFiles } from './node-files.js';
export type { FileRead, StdinSource } from './node-files.js';
