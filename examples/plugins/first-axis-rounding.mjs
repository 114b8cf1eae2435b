// A user's own MAXCUT rounding, loaded with `--plugin examples/plugins/first-axis-rounding.mjs`:
//   derand maxcut G1.txt --rounding first-axis
// It cuts along one coordinate of the SDP vectors: sides = sign(v_i[axis]) (deterministic, no training).
export default ({ definePlugin, z }) =>
  definePlugin({
    kind: 'rounding',
    id: 'first-axis',
    summary: 'Deterministic cut along one coordinate of the SDP vectors, sides = sign(v_i[axis]) (user plugin)',
    options: z.object({ axis: z.number().int().min(0).default(0).describe('which coordinate of the SDP vectors') }).strict(),
    create: (options) => ({
      round: ({ graph, sdp }) => {
        const axis = Math.min(options.axis, sdp.rank - 1);
        const sides = new Int8Array(graph.n);
        for (let i = 0; i < graph.n; i++) sides[i] = sdp.vectors[i * sdp.rank + axis] >= 0 ? 1 : -1;
        let cut = 0;
        for (let e = 0; e < graph.m; e++) if (sides[graph.from[e]] !== sides[graph.to[e]]) cut += graph.weight[e];
        return { sides, cut, details: { axis } };
      },
    }),
  });
