import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { smallMatMul } from './kernels/SmallMatMul.js';
import { perBatchMatMul } from './per-batch-matmul.js';

/**
 * The wasm `BatchMatMul` (and `_FusedMatMul`) kernels take XNNPACK's fast path only when
 * neither operand is transposed; with `transposeA`/`transposeB` they fall back to a naive loop
 * about 10–25× slower. tfjs's matmul gradient always uses those flags, so backward passes are
 * dominated by it. This wraps both kernels: a transposed operand is first materialised by the
 * wasm `Transpose` kernel (cheap, O(size)), then the fast untransposed kernel runs. A
 * `BatchMatMul` with a batch above 1 runs as one XNNPACK matmul per batch entry (see
 * per-batch-matmul.ts). A matmul small enough that XNNPACK's set-up outweighs its arithmetic runs
 * in the small-matmul module instead (kernels/SmallMatMul.ts). Results are identical up to float32
 * summation order.
 */

const WRAPPED = ['BatchMatMul', '_FusedMatMul'] as const;
const originals = new Map<string, KernelConfig>();

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

function transposeLastTwo(x: TensorInfo, backend: unknown): TensorInfo {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) throw new Error('wasm Transpose kernel is not registered');
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose.kernelFunc({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}

/** The small-matmul path for a BatchMatMul, or a _FusedMatMul without activation; undefined where it does not apply. */
function smallOf(args: Parameters<KernelFunc>[0], attrs: { transposeA?: boolean; transposeB?: boolean; activation?: string }, batched: boolean): TensorInfo | undefined {
  const bias = args.inputs['bias'] ?? undefined;
  if (!batched && ((attrs.activation !== undefined && attrs.activation !== 'linear') || args.inputs['preluActivationWeights'] != null)) return undefined;
  return smallMatMul({
    a: args.inputs['a'] as TensorInfo,
    b: args.inputs['b'] as TensorInfo,
    transposeA: attrs.transposeA === true,
    transposeB: attrs.transposeB === true,
    ...(batched || bias === undefined ? {} : { bias }),
    backend: args.backend,
    transpose: (x) => transposeLastTwo(x, args.backend),
  });
}

function wrap(original: KernelConfig): KernelFunc {
  const batched = original.kernelName === 'BatchMatMul';
  return (args) => {
    const attrs = (args.attrs ?? {}) as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean; activation?: string };
    const small = smallOf(args, attrs, batched);
    if (small !== undefined) return small;
    if (attrs.transposeA !== true && attrs.transposeB !== true) {
      return (batched ? perBatchMatMul(args.inputs['a'] as TensorInfo, args.inputs['b'] as TensorInfo, args.backend) : undefined) ?? original.kernelFunc(args);
    }
    const a = args.inputs['a'] as TensorInfo;
    const b = args.inputs['b'] as TensorInfo;
    const temporaries: TensorInfo[] = [];
    const aIn = attrs.transposeA === true ? transposeLastTwo(a, args.backend) : a;
    const bIn = attrs.transposeB === true ? transposeLastTwo(b, args.backend) : b;
    if (aIn !== a) temporaries.push(aIn);
    if (bIn !== b) temporaries.push(bIn);
    try {
      const perBatch = batched ? perBatchMatMul(aIn, bIn, args.backend) : undefined;
      if (perBatch !== undefined) return perBatch;
      return original.kernelFunc({
        ...args,
        inputs: { ...args.inputs, a: aIn, b: bIn },
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) (args.backend as WasmBackendLike).disposeData(t.dataId);
    }
  };
}

/**
 * Turns the transposed-matmul fast path on or off (on by default after install). Off restores
 * the stock kernels, for benchmarks that compare the two.
 */
export function setTransposedMatMulFastPath(enabled: boolean): void {
  for (const name of WRAPPED) {
    const current = tf.getKernel(name, 'wasm');
    if (current === undefined) continue;
    if (!originals.has(name)) originals.set(name, current);
    const original = originals.get(name) as KernelConfig;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(
      enabled
        ? { kernelName: name, backendName: 'wasm', ...(original.setupFunc ? { setupFunc: original.setupFunc } : {}), kernelFunc: wrap(original) }
        : original,
    );
  }
}

/** Whether the fast path is active. */
export function transposedMatMulFastPathEnabled(): boolean {
  const original = originals.get('BatchMatMul');
  const current = tf.getKernel('BatchMatMul', 'wasm');
  return original !== undefined && current !== undefined && current.kernelFunc !== original.kernelFunc;
}
