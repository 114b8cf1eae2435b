export { LEMMA_MAX_NODES, lemmaOptionsSchema } from '../objective/lemma-options.js';
export type { LemmaOptions } from '../objective/lemma-options.js';
export { lemmaSolver } from './lemma-solver.js';
export type { LemmaResult, LemmaRun } from './lemma-solver.js';
export { TOY_LAMBDAS, toyOptionsSchema, toySolver } from './toy-solver.js';
export type { ToyResult, ToyRow } from './toy-solver.js';
export { coreSolvers } from './plugins.js';
