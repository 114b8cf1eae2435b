import biqmacUrl from '../data/graphs/g05_60.0.txt?url';
import paperUrl from '../data/graphs/paper-g15.txt?url';

/** A graph of the MAXCUT demo: where the site serves it and its proven optimum. */
export interface DemoGraph {
  readonly id: string;
  readonly label: string;
  readonly url: string;
  readonly n: number;
  readonly optimum: number;
  /** Where the optimum comes from. */
  readonly optimumSource: string;
  /** Whether the demo asks the solver for the exact optimum too (enumeration, n ≤ 28). */
  readonly exact: boolean;
}

/** The demo's graphs (data/graphs/README.md gives their sources). */
export const DEMO_GRAPHS: readonly DemoGraph[] = [
  { id: 'paper-g15', label: 'the paper’s G(15, 0.6): n = 15, m = 62', url: paperUrl, n: 15, optimum: 41, optimumSource: 'the paper; enumerated again in your browser', exact: true },
  { id: 'g05_60.0', label: 'Biq Mac g05_60.0: n = 60, m = 885', url: biqmacUrl, n: 60, optimum: 536, optimumSource: 'proven (Biq Mac library, Wiegele 2007)', exact: false },
];
