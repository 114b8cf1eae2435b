export { loadMnist } from './mnist.js';
export { readDataset } from './read-dataset.js';
export { loadEmbedding, saveEmbedding } from './save-load.js';
