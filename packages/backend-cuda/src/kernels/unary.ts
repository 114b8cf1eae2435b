import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { type CudaBackend, dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { opCode, UNARY_OPS, type UnaryOpName } from '../native-ops.js';

/** Ops whose output is bool whatever the input. */
const BOOL_OUTPUT = new Set<UnaryOpName>(['IsFinite', 'IsInf', 'IsNan', 'LogicalNot']);

/** The (alpha, beta) scalars an op reads from its attributes. */
function scalars(name: UnaryOpName, attrs: NamedAttrMap): [number, number] {
  switch (name) {
    case 'LeakyRelu':
    case 'Step':
      return [attrs['alpha'] as number, 0];
    case 'ClipByValue':
      return [attrs['clipValueMin'] as number, attrs['clipValueMax'] as number];
    default:
      return [0, 0];
  }
}

/**
 * y = f(x) elementwise, one native kernel for all unary ops (native/src/elementwise.cu).
 * Output dtype: bool for the predicates, else the input's (as tfjs-backend-cpu).
 * `alpha`: LeakyRelu slope, Step value below 0, ClipByValue minimum; `beta`: ClipByValue maximum.
 */
export function unaryInfo(backend: CudaBackend, name: UnaryOpName, x: TensorInfo, alpha = 0, beta = 0): TensorInfo {
  const outDtype = BOOL_OUTPUT.has(name) ? 'bool' : x.dtype;
  const out = backend.allocate([...x.shape], outDtype);
  backend.addon.unary(opCode(UNARY_OPS, name), dtypeCode(x.dtype), dtypeCode(outDtype), backend.handle(x), backend.handle(out), tf.util.sizeFromShape(x.shape), alpha, beta);
  return out;
}

function unaryKernel(name: UnaryOpName): CudaKernel {
  return {
    kernelName: name,
    run: (backend, inputs, attrs) => unaryInfo(backend, name, input(inputs, 'x'), ...scalars(name, attrs)),
  };
}

/** Every unary kernel (the Identity op has its own kernel that shares data). */
export const unaryKernels: CudaKernel[] = UNARY_OPS.filter((name) => name !== 'Identity').map(unaryKernel);
