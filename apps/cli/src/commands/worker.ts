import { resolve } from 'node:path';
import { z } from '@derand/registry';
import { defineCommand } from './spec.js';

export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'Run sweep runs from a BullMQ (Redis) queue, on worker threads, until stopped (Ctrl-C finishes the runs in hand; twice abandons them to other workers).',
  examples: ['derand worker --queue redis://10.0.0.5:6379', 'derand worker --queue redis://10.0.0.5:6379 --concurrency 8 --data-root /data/derand'],
  options: z
    .object({
      queue: z.string().min(1).meta({ arg: 'url' }).describe('redis://host:port of the sweep queue'),
      concurrency: z.number().int().min(1).max(4096).optional().describe('runs at a time, one per thread (when absent: the number of cores)'),
      dataRoot: z.string().min(1).optional().meta({ arg: 'dir' }).describe('folder the runs’ relative data paths are read from (when absent: the working directory)'),
      lockSeconds: z.number().min(1).max(86_400).default(30).describe('a run’s lock lasts this long unrenewed: a worker killed mid-run loses its runs to others after it'),
      stalledSeconds: z.number().min(0.5).max(86_400).default(30).describe('how often this worker looks for runs of dead workers to take over'),
    })
    .strict(),
  run: async (options, { io }) => {
    const [{ checkRedis }, { startQueueWorker }, { defaultPoolSize }] = await Promise.all([
      import('../sweep/queue-connection.js'),
      import('../sweep/queue-worker.js'),
      import('../sweep/run-pool.js'),
    ]);
    await checkRedis(options.queue);
    const worker = await startQueueWorker({
      url: options.queue,
      concurrency: options.concurrency ?? defaultPoolSize(),
      dataRoot: resolve(options.dataRoot ?? '.'),
      lockSeconds: options.lockSeconds,
      stalledSeconds: options.stalledSeconds,
      io,
    });
    let signals = 0;
    const stop = (): void => {
      signals++;
      io.log(signals === 1 ? 'stopping: finishing the runs in hand (again to abandon them to other workers)' : 'stopping now: the runs in hand go to other workers');
      void worker.close(signals > 1);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      await worker.closed;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
});
