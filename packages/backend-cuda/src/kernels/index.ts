import type { CudaKernel } from '../kernel.js';
import { addNKernel, binaryKernels } from './binary.js';
import { castKernel } from './cast.js';
import { concatKernel, packKernel, splitVKernel, unpackKernel } from './concat.js';
import { fillKernel, oneHotKernel, onesLikeKernel, rangeKernel, zerosLikeKernel } from './creation.js';
import { cumprodKernel, cumsumKernel } from './cumulative.js';
import { gatherKernel, gatherNdKernel, scatterNdKernel, unsortedSegmentSumKernel } from './gather.js';
import { batchMatMulKernel, fusedMatMulKernel } from './matmul.js';
import { padKernel } from './pad.js';
import { randomNormalKernel, randomUniformKernel } from './random.js';
import { reductionKernels } from './reductions.js';
import { expandDimsKernel, identityKernel, reshapeKernel } from './reshape.js';
import { reverseKernel } from './reverse.js';
import { selectKernel } from './select.js';
import { sliceKernel, stridedSliceKernel } from './slice.js';
import { softmaxKernel } from './softmax.js';
import { tileKernel } from './tile.js';
import { transposeKernel } from './transpose.js';
import { unaryKernels } from './unary.js';

/** Every kernel the device implements. */
export const cudaKernels: readonly CudaKernel[] = [
  ...unaryKernels,
  ...binaryKernels,
  addNKernel,
  selectKernel,
  castKernel,
  fillKernel,
  zerosLikeKernel,
  onesLikeKernel,
  rangeKernel,
  oneHotKernel,
  reshapeKernel,
  expandDimsKernel,
  identityKernel,
  transposeKernel,
  sliceKernel,
  stridedSliceKernel,
  concatKernel,
  packKernel,
  unpackKernel,
  splitVKernel,
  padKernel,
  tileKernel,
  reverseKernel,
  gatherKernel,
  unsortedSegmentSumKernel,
  gatherNdKernel,
  scatterNdKernel,
  ...reductionKernels,
  cumsumKernel,
  cumprodKernel,
  softmaxKernel,
  batchMatMulKernel,
  fusedMatMulKernel,
  randomNormalKernel,
  randomUniformKernel,
];
