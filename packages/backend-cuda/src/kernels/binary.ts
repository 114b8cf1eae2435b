import * as tf from '@tensorflow/tfjs-core';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { type CudaBackend, dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { BINARY_OPS, opCode, type BinaryOpName } from '../native-ops.js';
import { broadcastStrides, collapse } from '../shape.js';
import { castInfo } from './cast.js';

const BOOL_OUTPUT = new Set<BinaryOpName>(['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr']);

/**
 * z = op(a, b) with numpy broadcasting, into `out` when given (it may alias `a` when shapes
 * match: every point reads and writes the same index). Operands of different dtypes are
 * upcast first. Output dtype: bool for comparisons, int32 for FloorDiv, else the inputs'.
 */
export function binaryInfo(backend: CudaBackend, name: BinaryOpName, a: TensorInfo, b: TensorInfo, out?: TensorInfo): TensorInfo {
  const dtype: DataType = a.dtype === b.dtype ? a.dtype : tf.upcastType(a.dtype, b.dtype);
  const temporaries: TensorInfo[] = [];
  const lhs = a.dtype === dtype ? a : castInfo(backend, a, dtype);
  const rhs = b.dtype === dtype ? b : castInfo(backend, b, dtype);
  if (lhs !== a) temporaries.push(lhs);
  if (rhs !== b) temporaries.push(rhs);
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const outDtype: DataType = BOOL_OUTPUT.has(name) ? 'bool' : name === 'FloorDiv' ? 'int32' : dtype;
  const result = out ?? backend.allocate(outShape, outDtype);
  const space = collapse(outShape, [broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)]);
  backend.addon.binary(
    opCode(BINARY_OPS, name),
    dtypeCode(dtype),
    dtypeCode(outDtype),
    backend.handle(lhs),
    backend.handle(rhs),
    backend.handle(result),
    space.shape,
    space.strides[0] ?? [],
    space.strides[1] ?? [],
  );
  for (const t of temporaries) backend.disposeIntermediateTensorInfo(t);
  return result;
}

function binaryKernel(name: BinaryOpName): CudaKernel {
  // Prelu names its inputs (x, alpha); every other binary kernel (a, b).
  const [first, second] = name === 'Prelu' ? ['x', 'alpha'] : ['a', 'b'];
  return {
    kernelName: name,
    run: (backend, inputs) => binaryInfo(backend, name, input(inputs, first), input(inputs, second)),
  };
}

/** Every binary kernel: arithmetic, comparisons, logical and/or, Prelu. */
export const binaryKernels: CudaKernel[] = BINARY_OPS.map(binaryKernel);

/** AddN: the sum of a list of same-shape tensors, accumulated in place. */
export const addNKernel: CudaKernel = {
  kernelName: 'AddN',
  run: (backend, inputs) => {
    const tensors = Object.values(inputs).filter((t): t is TensorInfo => t !== undefined);
    const [first, ...rest] = tensors;
    if (first === undefined) throw new Error('AddN of no tensors');
    if (rest.length === 0) return castInfo(backend, first, first.dtype);
    let sum = binaryInfo(backend, 'Add', first, rest[0] as TensorInfo);
    for (const t of rest.slice(1)) sum = binaryInfo(backend, 'Add', sum, t, sum);
    return sum;
  },
};
