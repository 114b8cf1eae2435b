import { definePlugin, z } from '@derand/registry';
import { cutValue } from '../cut/cut-value.js';
import type { Polish } from '../rounding/contract.js';
import { breakoutLocalSearch } from './breakout-local-search.js';
import { oneFlip } from './one-flip.js';

/** No local search: the rounded cut is the result. */
export const noPolish = definePlugin({
  kind: 'polish',
  id: 'none',
  summary: 'No local search: report the rounded cut as it is.',
  options: z.object({}).strict(),
  source: '@derand/maxcut',
  create: (): Polish => ({ polish: (input) => ({ sides: input.sides, cut: input.cut, details: {}, unchanged: true }) }),
});

/** 1-flip local search. */
export const oneFlipPolish = definePlugin({
  kind: 'polish',
  id: 'one-flip',
  summary: '1-flip local search: flip vertices while the cut improves.',
  options: z.object({}).strict(),
  source: '@derand/maxcut',
  create: (): Polish => ({
    polish: (input) => {
      const r = oneFlip(input.graph, input.sides, input.cut);
      return { sides: r.sides, cut: r.cut, details: { flips: r.flips } };
    },
  }),
});

const breakoutOptions = z
  .object({
    seconds: z.number().positive().default(10).meta({ flag: 'polish-seconds' }).describe('time budget of the breakout polish, seconds'),
    target: z.number().optional().describe('stop at this cut (when absent: the best known cut, when given)'),
  })
  .strict();

/** Breakout local search. */
export const breakoutPolish = definePlugin({
  kind: 'polish',
  id: 'breakout',
  summary: 'Breakout local search (tabu-directed perturbations) within a time budget.',
  options: breakoutOptions,
  source: '@derand/maxcut',
  create: (options): Polish => ({
    polish: (input) => {
      const target = options.target ?? input.target;
      const r = breakoutLocalSearch(input.graph, input.sides, {
        key: input.key,
        maxSeconds: options.seconds,
        ...(target === undefined ? {} : { target }),
        ...(input.signal === undefined ? {} : { signal: input.signal }),
      });
      return { sides: r.sides, cut: cutValue(input.graph, r.sides), details: { rounds: r.rounds, secondsToBest: r.secondsToBest } };
    },
  }),
});

/** Every polish plugin of this package. */
export const polishPlugins = [noPolish, oneFlipPolish, breakoutPolish] as const;
