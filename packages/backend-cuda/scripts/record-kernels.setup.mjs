// vitest setup file (see record-kernels.mjs): counts every kernel the engine runs while a test
// file executes and appends one JSON line per file to $DERAND_KERNEL_LOG.
import { appendFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll } from 'vitest';

const counts = new Map();
const engine = tf.engine();
if (engine.__derandRecording === undefined) {
  const original = engine.runKernel;
  engine.runKernel = function record(kernelName, inputs, attrs) {
    counts.set(kernelName, (counts.get(kernelName) ?? 0) + 1);
    return original.call(this, kernelName, inputs, attrs);
  };
  engine.__derandRecording = true;
}

afterAll(() => {
  const log = process.env.DERAND_KERNEL_LOG;
  if (log === undefined || counts.size === 0) return;
  appendFileSync(log, `${JSON.stringify({ cwd: process.cwd(), kernels: Object.fromEntries(counts) })}\n`);
  counts.clear();
});
