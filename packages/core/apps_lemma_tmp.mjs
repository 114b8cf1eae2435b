import { startEngine } from '@derand/core';
import { wasmBackend } from '@derand/backend-wasm';
import { runLemmaCheck } from '/work/main/packages/core/dist/objective/lemma-check.js';
await startEngine({ backend: wasmBackend });
for (const lambda of [1e-1, 1e-2, 1e-3]) {
  const t0 = performance.now();
  const r = runLemmaCheck({ lambda, steps: +process.argv[2] || 3000 });
  const c = r.certificate;
  console.log(JSON.stringify({ lambda, steps: r.steps, reason: r.reason, s: ((performance.now()-t0)/1000).toFixed(1), normW0: r.normW0, normW: r.normW, grad: c.gradNorm, lmin: c.lambdaMin, K: c.K, isSOSP: c.isSOSP, lemma: c.lemma, hist: r.history.filter((_, i) => i % 5 === 0).map(h => [h.step, +h.value.toFixed(6), +h.gradNorm.toExponential(2), +h.normW.toExponential(2)]) }));
}
