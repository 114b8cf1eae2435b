import type { Experiment } from '../experiment.js';
import { lemmaExperiment, toyExperiment } from './lemma.js';

/** Every experiment of `derand reproduce`, in report order. */
export const experiments: readonly Experiment[] = [lemmaExperiment, toyExperiment];
