import type { RandomKey } from '@derand/core';
import type { Graph } from '../graph/graph.js';
import { cutValue, flipGains, type Sides } from '../cut/cut-value.js';
import { flip, improvementThreshold, type LocalSearchResult } from './one-flip.js';
import { RandomStream } from './random-stream.js';

export interface BreakoutOptions {
  /** Key of the search's random choices. */
  readonly key: RandomKey;
  /** Wall-clock budget in seconds (default 10). */
  readonly maxSeconds?: number;
  /** Budget in descents (perturbation + descent rounds); with no time budget the run is reproducible. */
  readonly maxRounds?: number;
  /** Stop as soon as a cut ≥ target is found (e.g. the best known value). */
  readonly target?: number;
  /** Smallest jump magnitude L₀ (default max(2, ⌈0.01n⌉)). */
  readonly jumpMin?: number;
  /** Largest jump magnitude (default max(L₀ + 1, ⌈0.1n⌉)). */
  readonly jumpMax?: number;
  /** Rounds without improvement before a strong random jump (default 1000). */
  readonly stagnation?: number;
  /** Lower limit P₀ of the probability of a directed (tabu) perturbation (default 0.8). */
  readonly directedProbability?: number;
  readonly signal?: AbortSignal;
  /** Called when the best cut improves. */
  readonly onImprove?: (cut: number, round: number, seconds: number) => void;
}

export interface BreakoutResult extends LocalSearchResult {
  readonly rounds: number;
  readonly seconds: number;
  /** Seconds until the returned cut was first reached. */
  readonly secondsToBest: number;
}

/**
 * Breakout local search for MAXCUT: steepest-ascent 1-flip descents alternated with
 * adaptive perturbations that escape the local optimum — directed (best non-tabu move, tabu
 * tenure uniform in [3, n/10], aspiration when a move beats the best cut), recency-based
 * (least recently moved vertex) or random — whose length L grows while the search keeps
 * falling back into the same optimum, with a strong random jump after `stagnation` rounds
 * without improvement. Typed arrays throughout (decision record 0201).
 *
 * @param graph - the graph
 * @param start - starting sides (not modified), e.g. the derandomized cut
 * @param options - key, budgets (10 s), target, jump range, stagnation (1000), P₀ (0.8)
 * @returns the best cut found and when it was found
 * @example
 * const polished = breakoutLocalSearch(graph, derandomized.sides, { key, maxSeconds: 30, target: 11624 });
 * @see Benlic & Hao (2013), "Breakout local search for the max-cut problem", Eng. Appl. AI 26.
 */
export function breakoutLocalSearch(graph: Graph, start: Sides, options: BreakoutOptions): BreakoutResult {
  const { n, offsets, neighbors, neighborWeight } = graph;
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const random = new RandomStream(options.key);
  const maxSeconds = options.maxSeconds ?? (options.maxRounds === undefined ? 10 : Infinity);
  const maxRounds = options.maxRounds ?? Infinity;
  const jumpMin = options.jumpMin ?? Math.max(2, Math.ceil(0.01 * n));
  const jumpMax = Math.min(n, options.jumpMax ?? Math.max(jumpMin + 1, Math.ceil(0.1 * n)));
  const stagnation = options.stagnation ?? 1000;
  const p0 = options.directedProbability ?? 0.8;
  const tenureMax = Math.max(4, Math.floor(n / 10));
  const epsilon = improvementThreshold(graph);

  const sides = start.slice();
  const gains = flipGains(graph, sides);
  let cut = cutValue(graph, sides);
  const tabuUntil = new Float64Array(n);
  const lastMoved = new Float64Array(n);
  let moves = 0;
  const move = (i: number): void => {
    cut += gains[i]!;
    flip(i, sides, gains, offsets, neighbors, neighborWeight);
    moves += 1;
    lastMoved[i] = moves;
  };

  let best = -Infinity;
  let bestSides = sides.slice();
  let secondsToBest = 0;
  let flips = 0;
  const record = (round: number): void => {
    if (cut > best + epsilon / 2) {
      best = cut;
      bestSides = sides.slice();
      secondsToBest = elapsed();
      options.onImprove?.(best, round, secondsToBest);
    }
  };
  const descend = (): void => {
    for (;;) {
      let pick = -1;
      let top = epsilon;
      for (let i = 0; i < n; i++) {
        if (gains[i]! > top) {
          top = gains[i]!;
          pick = i;
        }
      }
      if (pick < 0) return;
      move(pick);
      flips += 1;
    }
  };
  const perturb = (length: number, kind: 'directed' | 'recency' | 'random'): void => {
    for (let step = 0; step < length; step++) {
      let pick = -1;
      if (kind === 'directed') {
        let top = -Infinity;
        for (let i = 0; i < n; i++) {
          const g = gains[i]!;
          if (g > top && (tabuUntil[i]! <= moves || cut + g > best + epsilon / 2)) {
            top = g;
            pick = i;
          }
        }
      } else if (kind === 'recency') {
        let oldest = Infinity;
        for (let i = 0; i < n; i++) {
          if (lastMoved[i]! < oldest) {
            oldest = lastMoved[i]!;
            pick = i;
          }
        }
      }
      if (pick < 0) pick = random.integer(n);
      move(pick);
      flips += 1;
      tabuUntil[pick] = moves + 3 + random.integer(tenureMax - 2);
      if (cut > best + epsilon / 2) record(-1);
    }
  };

  descend();
  record(0);
  let jump = jumpMin;
  let sinceImprovement = 0;
  let previousOptimum = cut;
  let rounds = 0;
  while (rounds < maxRounds && !(options.target !== undefined && best >= options.target - epsilon / 2) && options.signal?.aborted !== true) {
    if ((rounds & 15) === 0 && elapsed() >= maxSeconds) break;
    rounds += 1;
    jump = cut === previousOptimum ? Math.min(jumpMax, jump + 1) : jumpMin;
    previousOptimum = cut;
    if (sinceImprovement > stagnation) {
      perturb(jumpMax, 'random');
      sinceImprovement = 0;
    } else {
      const directed = Math.max(Math.exp(-sinceImprovement / stagnation), p0);
      const u = random.uniform();
      perturb(jump, u < directed ? 'directed' : u < directed + (1 - directed) / 2 ? 'recency' : 'random');
    }
    const before = best;
    descend();
    record(rounds);
    sinceImprovement = best > before ? 0 : sinceImprovement + 1;
  }
  return { sides: bestSides, cut: cutValue(graph, bestSides), flips, rounds, seconds: elapsed(), secondsToBest };
}
