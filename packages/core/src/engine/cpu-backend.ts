import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, z } from '@derand/registry';

/**
 * The tfjs `cpu` backend as a plugin: plain JavaScript, about 30× slower than wasm, and the
 * reference every other backend is checked against.
 */
export const cpuBackend = definePlugin({
  kind: 'backend',
  id: 'cpu',
  summary: 'Reference backend in plain JavaScript (tfjs-backend-cpu); slow, exact reference for tests.',
  priority: 1,
  options: z.object({}).strict(),
  isAvailable: async () => ({ ok: true }),
  install: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    return { ok: true, details: { implementation: 'tfjs-backend-cpu 4.22.0' } };
  },
  source: '@derand/core',
});

/** Silences tfjs-backend-cpu's one-time "install tfjs-node" console notice. */
export function silenceCpuNotice(): void {
  const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (backend !== null && 'firstUse' in backend) backend.firstUse = false;
}
