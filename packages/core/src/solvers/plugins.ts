import { lemmaSolver } from './lemma-solver.js';
import { toySolver } from './toy-solver.js';

/** The core's solver plugins: the lemma check and the toy neuron. */
export const coreSolvers = [lemmaSolver, toySolver] as const;
