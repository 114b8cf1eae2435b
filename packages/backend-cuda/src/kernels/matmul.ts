import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import type { CudaBackend } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { broadcastStrides, stridesOf } from '../shape.js';
import { binaryInfo } from './binary.js';
import { castInfo } from './cast.js';
import { copyStrided } from './copy.js';
import { unaryInfo } from './unary.js';

/** `x` materialised with its batch dimensions broadcast to `batch` (for batches neither equal nor 1). */
function broadcastBatch(backend: CudaBackend, x: TensorInfo, batch: readonly number[]): TensorInfo {
  const shape = [...batch, ...x.shape.slice(-2)];
  const out = backend.allocate(shape, x.dtype);
  copyStrided(backend, x, 0, broadcastStrides(x.shape, shape), out, 0, stridesOf(shape), shape);
  return out;
}

/**
 * C = op(A)·op(B) over broadcast batch dimensions (float32 on the device: the library GEMM
 * or our tiled kernel, see native/src/gemm.cc). int32 operands are multiplied as float32 and
 * cast back, exact while every partial sum stays below 2^24.
 */
export function batchMatMulInfo(backend: CudaBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) throw new DerandError('CUDA_MATMUL_RANK', `BatchMatMul needs rank ≥ 2 operands (got [${a.shape.join(',')}] and [${b.shape.join(',')}]).`);
  const m = (transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]) ?? 0;
  const k = (transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1]) ?? 0;
  const kB = (transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2]) ?? 0;
  const n = (transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]) ?? 0;
  if (k !== kB) {
    throw new DerandError('CUDA_MATMUL_SHAPE', `BatchMatMul inner dimensions differ: [${a.shape.join(',')}]${transposeA ? 'ᵀ' : ''} · [${b.shape.join(',')}]${transposeB ? 'ᵀ' : ''} (${k} vs ${kB}).`);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
  const batch = tf.util.sizeFromShape(batchShape);
  const sizeA = tf.util.sizeFromShape(batchA);
  const sizeB = tf.util.sizeFromShape(batchB);
  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo, original: TensorInfo): TensorInfo => {
    if (t !== original) temporaries.push(t);
    return t;
  };
  let lhs = keep(castInfo(backend, a, 'float32'), a);
  let rhs = keep(castInfo(backend, b, 'float32'), b);
  if (sizeA !== batch && sizeA !== 1) lhs = keep(broadcastBatch(backend, lhs, batchShape), a);
  if (sizeB !== batch && sizeB !== 1) rhs = keep(broadcastBatch(backend, rhs, batchShape), b);
  const strideA = sizeA === 1 && batch > 1 ? 0 : m * k;
  const strideB = sizeB === 1 && batch > 1 ? 0 : k * n;
  const out = backend.allocate([...batchShape, m, n], 'float32');
  backend.addon.matmul(backend.handle(lhs), backend.handle(rhs), backend.handle(out), batch, m, n, k, transposeA, transposeB, strideA, strideB, m * n);
  for (const t of temporaries) backend.disposeIntermediateTensorInfo(t);
  if (a.dtype === 'int32' && b.dtype === 'int32') {
    const ints = castInfo(backend, out, 'int32');
    backend.disposeIntermediateTensorInfo(out);
    return ints;
  }
  return out;
}

/** BatchMatMul. */
export const batchMatMulKernel: CudaKernel = {
  kernelName: 'BatchMatMul',
  run: (backend, inputs, attrs) =>
    batchMatMulInfo(backend, input(inputs, 'a'), input(inputs, 'b'), attrs['transposeA'] === true, attrs['transposeB'] === true),
};

/** _FusedMatMul (tf.fused.matMul): matmul, then + bias, then the activation. */
export const fusedMatMulKernel: CudaKernel = {
  kernelName: '_FusedMatMul',
  run: (backend, inputs, attrs) => {
    let out = batchMatMulInfo(backend, input(inputs, 'a'), input(inputs, 'b'), attrs['transposeA'] === true, attrs['transposeB'] === true);
    const replace = (next: TensorInfo): void => {
      backend.disposeIntermediateTensorInfo(out);
      out = next;
    };
    const bias = inputs['bias'];
    if (bias !== undefined) replace(binaryInfo(backend, 'Add', out, bias));
    const activation = (attrs['activation'] as string | undefined) ?? 'linear';
    switch (activation) {
      case 'linear':
        break;
      case 'relu':
        replace(unaryInfo(backend, 'Relu', out));
        break;
      case 'relu6':
        replace(unaryInfo(backend, 'Relu6', out));
        break;
      case 'elu':
        replace(unaryInfo(backend, 'Elu', out));
        break;
      case 'sigmoid':
        replace(unaryInfo(backend, 'Sigmoid', out));
        break;
      case 'leakyrelu':
        replace(unaryInfo(backend, 'LeakyRelu', out, (attrs['leakyreluAlpha'] as number | undefined) ?? 0.2));
        break;
      case 'prelu': {
        const weights = inputs['preluActivationWeights'];
        if (weights === undefined) throw new DerandError('CUDA_FUSED_MATMUL', 'prelu activation without preluActivationWeights');
        replace(binaryInfo(backend, 'Prelu', out, weights));
        break;
      }
      default:
        throw new DerandError('CUDA_FUSED_MATMUL', `Unknown fused activation '${activation}'.`);
    }
    return out;
  },
};
