import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, randomNormal, splitKey, startEngine } from '@derand/core';
import { setTransposedMatMulFastPath, wasmBackend } from '@derand/backend-wasm';
import { benchArgs, pythonReferenceCase, resultsFile, runBenchmarks, type BenchCase } from './harness/index.js';

/**
 * Backend benchmarks: square matmuls and one MLP training step (batch 256, 100→512→512→1,
 * ReLU, MSE, SGD) on cpu and wasm; on wasm with stock kernels and with the transposed-matmul
 * fast path; the same step in PyTorch (packages/bench/python/mlp_step.py, one thread) is run
 * in this run as the reference of the MLP cases. Run: `pnpm bench` (every suite) or `node packages/bench/dist/backends.js [--filter TEXT] [--out FILE]`.
 */

const useBackend = async (id: 'cpu' | 'wasm', fastPath = true): Promise<void> => {
  await startEngine({ backend: id === 'wasm' ? wasmBackend : 'cpu' });
  if (id === 'wasm') setTransposedMatMulFastPath(fastPath);
};

function matmulCase(backend: 'cpu' | 'wasm', n: number): BenchCase {
  let a: tf.Tensor2D | undefined;
  let b: tf.Tensor2D | undefined;
  return {
    name: `matmul-${n}-${backend}`,
    backend,
    ...(backend === 'cpu' ? { baseline: `matmul-${n}-wasm` } : {}),
    samples: backend === 'cpu' && n >= 1024 ? 2 : 5,
    setup: async () => {
      await useBackend(backend);
      const [ka, kb] = splitKey(keyFromSeed(n), 2);
      a = randomNormal(ka!, [n, n]);
      b = randomNormal(kb!, [n, n]);
    },
    run: () => tf.tidy(() => void tf.matMul(a!, b!).dataSync()),
    extra: () => ({ n, flops: 2 * n ** 3 }),
    teardown: () => tf.dispose([a!, b!]),
  };
}

/**
 * The JL sampler's batched Gram matrices, [4, 500, 20]·[4, 20, 500]: the stock wasm kernel (a
 * naive loop above batch 1) against the per-batch XNNPACK path of the fast path, in one run.
 */
function batchedMatmulCase(variant: 'stock' | 'ours'): BenchCase {
  let a: tf.Tensor3D | undefined;
  let b: tf.Tensor3D | undefined;
  return {
    name: `batched-matmul-4x500x20-wasm-${variant}`,
    backend: 'wasm',
    ...(variant === 'ours' ? { baseline: 'batched-matmul-4x500x20-wasm-stock' } : {}),
    samples: 10,
    setup: async () => {
      await useBackend('wasm', variant === 'ours');
      const [ka, kb] = splitKey(keyFromSeed(7), 2);
      a = randomNormal(ka!, [4, 500, 20]);
      b = randomNormal(kb!, [4, 20, 500]);
    },
    run: () => tf.tidy(() => void tf.matMul(a!, b!).dataSync()),
    extra: () => ({ flops: 2 * 4 * 500 * 500 * 20 }),
    teardown: () => {
      tf.dispose([a!, b!]);
      setTransposedMatMulFastPath(true);
    },
  };
}

interface Mlp {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  params: tf.Tensor[];
}

function makeMlp(): Mlp {
  const keys = splitKey(keyFromSeed(1), 5);
  const sizes: [number, number][] = [
    [100, 512],
    [512, 512],
    [512, 1],
  ];
  return {
    x: randomNormal(keys[0]!, [256, 100]),
    y: randomNormal(keys[1]!, [256, 1]),
    params: sizes.flatMap(([i, o], k) => [randomNormal(keys[k + 2]!, [i, o], 0, Math.sqrt(2 / i)), tf.zeros([o])]),
  };
}

/** One SGD step: grads of MSE through the ReLU MLP, then p ← p − 0.01·g; reads the loss back. */
function sgdStep(mlp: Mlp): void {
  const next = tf.tidy(() => {
    const loss = (...p: tf.Tensor[]): tf.Scalar => {
      let h: tf.Tensor = mlp.x;
      for (let l = 0; l < 3; l++) {
        h = tf.add(tf.matMul(h, p[2 * l]!), p[2 * l + 1]!);
        if (l < 2) h = tf.relu(h);
      }
      return tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(mlp.y, h);
    };
    const { value, grads } = tf.valueAndGrads(loss)(mlp.params);
    value.dataSync();
    return mlp.params.map((p, i) => tf.sub(p, tf.mul(0.01, grads[i]!)));
  });
  tf.dispose(mlp.params);
  mlp.params = next;
}

function mlpCase(backend: 'cpu' | 'wasm', variant: 'stock' | 'ours'): BenchCase {
  let mlp: Mlp | undefined;
  return {
    name: `mlp-step-${backend}-${variant}`,
    backend,
    ...(variant === 'ours' ? { baseline: `mlp-step-${backend}-stock` } : {}),
    references: ['mlp-step-pytorch'],
    samples: backend === 'cpu' ? 3 : 10,
    setup: async () => {
      await useBackend(backend, variant === 'ours');
      mlp = makeMlp();
    },
    run: () => sgdStep(mlp!),
    teardown: () => {
      tf.dispose([mlp!.x, mlp!.y, ...mlp!.params]);
      if (backend === 'wasm') setTransposedMatMulFastPath(true);
    },
  };
}

const cases: BenchCase[] = [
  ...[128, 512, 1024].flatMap((n) => [matmulCase('wasm', n), matmulCase('cpu', n)]),
  batchedMatmulCase('stock'),
  batchedMatmulCase('ours'),
  pythonReferenceCase('mlp-step-pytorch', 'mlp_step.py', 1, 10),
  mlpCase('wasm', 'stock'),
  mlpCase('wasm', 'ours'),
  mlpCase('cpu', 'stock'),
  mlpCase('cpu', 'ours'),
];

const { out, filter } = benchArgs(process.argv.slice(2), resultsFile('backends.json'));
await runBenchmarks('backends', cases, { out, ...(filter === undefined ? {} : { filter }) });
