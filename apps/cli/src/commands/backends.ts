import { z, type BackendPlugin } from '@derand/registry';
import { defineCommand } from './spec.js';

/** One backend as `derand backends --json` reports it. */
export interface BackendReport {
  readonly id: string;
  readonly priority: number;
  readonly available: boolean;
  readonly reason?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Kernels this backend runs on the host because its device lacks them (sorted tfjs kernel
   * names); present for backends that can fall back, available or not.
   */
  readonly hostFallbackKernels?: readonly string[];
  /** Measured float32 matmul throughput, 2n³/t. */
  readonly matmul?: { readonly n: number; readonly gflops: number; readonly ms: number; readonly repeats: number };
}

async function measureMatmul(n: number, minMs: number): Promise<{ gflops: number; ms: number; repeats: number }> {
  const tf = await import('@tensorflow/tfjs-core');
  const { keyFromSeed, randomNormal, splitKey } = await import('@derand/core');
  const [ka, kb] = splitKey(keyFromSeed(0), 2);
  const a = randomNormal(ka!, [n, n]);
  const b = randomNormal(kb!, [n, n]);
  const once = (): void => tf.tidy(() => void tf.matMul(a, b).dataSync());
  once(); // warm-up: kernel setup, memory growth
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || performance.now() - start < minMs) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
    if (times.length >= 50) break;
  }
  tf.dispose([a, b]);
  times.sort((x, y) => x - y);
  const ms = times[Math.floor(times.length / 2)] ?? NaN;
  return { gflops: (2 * n ** 3) / (ms * 1e6), ms, repeats: times.length };
}

export const backendsCommand = defineCommand({
  name: 'backends',
  summary: 'List compute backends: availability, the reason when unavailable, measured matmul GFLOP/s, and the kernels a device backend runs on the host.',
  examples: ['derand backends', 'derand backends --json', 'derand backends --size 1024'],
  options: z
    .object({
      size: z.number().int().min(16).max(4096).default(512).describe('matmul size n for the n×n·n×n throughput probe (cpu uses n/2)'),
      measure: z.boolean().default(true).describe('run the throughput probe (--no-measure skips it)'),
    })
    .strict(),
  run: async (options, { io, registry }) => {
    const { startEngine } = await import('@derand/core');
    const size = options.size;
    const reports: BackendReport[] = [];
    const plugins = registry.plugins.filter((p) => p.kind === 'backend') as unknown as BackendPlugin[];
    for (const plugin of [...plugins].sort((a, b) => b.priority - a.priority)) {
      const availability = await plugin.isAvailable();
      const fallbacks = plugin.hostFallbackKernels === undefined ? {} : { hostFallbackKernels: await plugin.hostFallbackKernels() };
      if (!availability.ok) {
        reports.push({
          id: plugin.id,
          priority: plugin.priority,
          available: false,
          reason: availability.reason ?? 'unavailable',
          ...(availability.details === undefined ? {} : { details: availability.details }),
          ...fallbacks,
        });
        continue;
      }
      const progress = io.progress(`measuring ${plugin.id}`);
      try {
        const info = await startEngine({ backend: plugin, registry });
        const n = plugin.id === 'cpu' ? Math.max(16, Math.floor(size / 2)) : size;
        const matmul = !options.measure ? undefined : { n, ...(await measureMatmul(n, 300)) };
        reports.push({
          id: plugin.id,
          priority: plugin.priority,
          available: true,
          ...(info.availability.details === undefined ? {} : { details: info.availability.details }),
          ...fallbacks,
          ...(matmul === undefined ? {} : { matmul }),
        });
      } catch (error) {
        reports.push({ id: plugin.id, priority: plugin.priority, available: false, reason: error instanceof Error ? error.message : String(error), ...fallbacks });
      } finally {
        progress.done();
      }
    }
    io.result({ backends: reports }, ({ backends }) =>
      backends
        .map(
          (r) =>
            (r.available
            ? `${r.id.padEnd(6)} available    ${r.matmul === undefined ? '' : `${r.matmul.gflops.toFixed(2)} GFLOP/s (matmul ${r.matmul.n}, ${r.matmul.ms.toFixed(2)} ms)`}` +
              (r.details === undefined ? '' : `  ${Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(' ')}`)
            : `${r.id.padEnd(6)} unavailable  ${r.reason ?? ''}`) +
          (r.hostFallbackKernels === undefined ? '' : `\n       host fallback for ${r.hostFallbackKernels.length} kernels the device lacks (--json lists them)`),
        )
        .join('\n'),
    );
  },
});
