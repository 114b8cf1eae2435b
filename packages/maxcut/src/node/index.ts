export { readGraphFile, readPartitionFile, writePartitionFile, writeResultFile } from './files.js';
