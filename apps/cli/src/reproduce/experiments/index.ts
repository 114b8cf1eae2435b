import type { Experiment } from '../experiment.js';
import { jlExperiments } from './jl.js';
import { lemmaExperiment, toyExperiment } from './lemma.js';
import { maxcutExperiments } from './maxcut.js';
import { structureExperiments } from './structure.js';

/** Every experiment of `derand reproduce`, in report order. */
export const experiments: readonly Experiment[] = [lemmaExperiment, toyExperiment, ...structureExperiments, ...maxcutExperiments, ...jlExperiments];
