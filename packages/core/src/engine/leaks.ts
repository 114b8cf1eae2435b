import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';

export class TensorLeakError extends DerandError {
  constructor(label: string, before: number, after: number) {
    super(
      'TENSOR_LEAK',
      `${label} leaked ${after - before} tensor(s): tf.memory().numTensors went from ${before} to ${after}. ` +
        'Wrap the work in tf.tidy or dispose the intermediate tensors.',
      { details: { before, after } },
    );
  }
}

/**
 * Runs `fn` and throws {@link TensorLeakError} if it left more live tensors than it found.
 * Tensors `fn` returns count as leaks: return plain data, or dispose before returning.
 *
 * @example await expectNoTensorLeak(() => train(100), 'train');
 */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>, label = 'The function'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after > before) throw new TensorLeakError(label, before, after);
  return result;
}
