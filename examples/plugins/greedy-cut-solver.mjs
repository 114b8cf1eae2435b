// A user's own solver, run by `derand run` (loaded with `--plugin examples/plugins/greedy-cut-solver.mjs`):
//   derand run greedy-cut '{"n": 4, "edges": [[0, 1], [1, 2], [2, 3], [3, 0, 2]]}' --restarts 16 --json
// Greedy MAXCUT: vertices in a random order, each put on the side that cuts more weight to the
// vertices placed before it; the best of `restarts` orders. The order is drawn from the run's
// seed, so the same seed gives the same cut.
export default ({ definePlugin, z }) =>
  definePlugin({
    kind: 'solver',
    id: 'greedy-cut',
    summary: 'Greedy MAXCUT on an inline graph, best of seeded random vertex orders (user plugin)',
    options: z
      .object({
        graph: z
          .object({ n: z.number().int().positive(), edges: z.array(z.array(z.number()).min(2).max(3)) })
          .strict()
          .meta({ positional: true })
          .describe('the graph inline, 0-based: {"n": 3, "edges": [[0, 1], [1, 2, 2.5]]}'),
        restarts: z.number().int().min(1).default(8).describe('random vertex orders tried'),
      })
      .strict(),
    run: async ({ graph, restarts }, context) => {
      // mulberry32 from the run's seed: a small, fixed, seeded stream
      let state = context.seed >>> 0;
      const random = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const neighbours = Array.from({ length: graph.n }, () => []);
      for (const [i, j, w = 1] of graph.edges) {
        neighbours[i].push([j, w]);
        neighbours[j].push([i, w]);
      }
      let best = { cut: -Infinity, sides: [] };
      for (let r = 0; r < restarts; r++) {
        const order = Array.from({ length: graph.n }, (_, i) => i).sort(() => random() - 0.5);
        const sides = new Array(graph.n).fill(0);
        for (const v of order) {
          let gain = 0; // weight cut if v goes to +1 minus if it goes to −1
          for (const [u, w] of neighbours[v]) gain += sides[u] === 0 ? 0 : -sides[u] * w;
          sides[v] = gain >= 0 ? 1 : -1;
        }
        let cut = 0;
        for (const [i, j, w = 1] of graph.edges) if (sides[i] !== sides[j]) cut += w;
        if (cut > best.cut) best = { cut, sides };
        context.emit({ type: 'progress', step: r, total: restarts, label: 'greedy' });
      }
      return { solver: 'greedy-cut', seed: context.seed, restarts, cut: best.cut, sides: best.sides };
    },
  });
