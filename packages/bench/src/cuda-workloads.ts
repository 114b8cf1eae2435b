import * as tf from '@tensorflow/tfjs-core';
import { foldIn, keyFromSeed, randomNormal, randomUniform, splitKey, type RandomKey } from '@derand/core';

/**
 * Training steps written directly in tfjs ops with the shapes of the project's workloads, for
 * timing backends against each other. Each `step()` runs one full update (forward, gradients,
 * parameter update) inside tf.tidy and keeps tensor counts flat; `dispose()` frees the state.
 */
export interface Workload {
  readonly step: () => void;
  /** Floating-point operations of one step (matmuls only), for achieved TFLOP/s; absent where matmuls are not the work. */
  readonly flops?: number;
  readonly dispose: () => void;
}

function replace(params: tf.Tensor[], next: tf.Tensor[]): void {
  tf.dispose(params.splice(0, params.length, ...next));
}

/**
 * The structure-discovery setting of the paper's Figure 3: each step draws n = 50 fresh
 * x ~ N(0, I₂), labels y = tanh(u·x) with u = (1, 1)/√2, and takes a gradient step on
 * R(W, b) = mean((a·softplus₂(Wx + b) − y)²) + λ‖W‖²_F, softplus₂(z) = ½ log(1 + e^{2z}),
 * width h = 1000, second layer a frozen, λ = 1e-5, learning rate `lr`.
 * With `readLoss` the loss is read back every step (a host round trip, as a logging loop does).
 */
export function fig3Workload(readLoss: boolean, lr = 0.05): Workload {
  const h = 1000;
  const n = 50;
  const [kW, ka, kData] = splitKey(keyFromSeed(0), 3) as [RandomKey, RandomKey, RandomKey];
  const params = [randomNormal(kW, [2, h], 0, 1), tf.zeros([h])];
  const a = randomNormal(ka, [h, 1], 0, 1 / Math.sqrt(h));
  const u = tf.tensor2d([[Math.SQRT1_2], [Math.SQRT1_2]]);
  let t = 0;
  return {
    flops: 2 * (n * 2 * h + n * h) * 3,
    step: () => {
      const next = tf.tidy(() => {
        const x = randomNormal(foldIn(kData, t++), [n, 2]);
        const y = tf.tanh(tf.matMul(x, u));
        const loss = (w: tf.Tensor, b: tf.Tensor): tf.Scalar => {
          const z = tf.add(tf.matMul(x, w), b);
          const hidden = tf.mul(0.5, tf.softplus(tf.mul(2, z)));
          const fit = tf.mean(tf.square(tf.sub(tf.matMul(hidden, a), y)));
          return tf.add<tf.Scalar>(fit, tf.mul(1e-5, tf.sum(tf.square(w))));
        };
        const { value, grads } = tf.valueAndGrads(loss)(params);
        if (readLoss) value.dataSync();
        return params.map((p, i) => tf.sub(p, tf.mul(lr, grads[i] as tf.Tensor)));
      });
      replace(params, next);
    },
    dispose: () => tf.dispose([...params, a, u]),
  };
}

/**
 * A large MLP step: batch 4096, 1024 → 4096 → 4096 → 1, ReLU, MSE, plain SGD. FLOPs count
 * the forward matmuls, the weight gradients, and the input gradients of layers 2 and 3.
 */
export function largeMlpWorkload(batch = 4096, sizes: readonly number[] = [1024, 4096, 4096, 1]): Workload {
  const keys = splitKey(keyFromSeed(1), sizes.length + 1);
  const x = randomNormal(keys[0] as RandomKey, [batch, sizes[0] ?? 1]);
  const y = randomNormal(keys[1] as RandomKey, [batch, 1]);
  const params: tf.Tensor[] = [];
  let weights = 0;
  let later = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l] ?? 1;
    const fanOut = sizes[l + 1] ?? 1;
    params.push(randomNormal(keys[l + 2] as RandomKey, [fanIn, fanOut], 0, Math.sqrt(2 / fanIn)), tf.zeros([fanOut]));
    weights += fanIn * fanOut;
    if (l > 0) later += fanIn * fanOut;
  }
  return {
    flops: 2 * batch * (2 * weights + later),
    step: () => {
      const next = tf.tidy(() => {
        const loss = (...p: tf.Tensor[]): tf.Scalar => {
          let hidden: tf.Tensor = x;
          for (let l = 0; l < p.length / 2; l++) {
            hidden = tf.add(tf.matMul(hidden, p[2 * l] as tf.Tensor), p[2 * l + 1] as tf.Tensor);
            if (2 * l + 2 < p.length) hidden = tf.relu(hidden);
          }
          return tf.mean<tf.Scalar>(tf.square(tf.sub(hidden, y)));
        };
        const { value, grads } = tf.valueAndGrads(loss)(params);
        value.dataSync();
        return params.map((p, i) => tf.sub(p, tf.mul(1e-3, grads[i] as tf.Tensor)));
      });
      replace(params, next);
    },
    dispose: () => tf.dispose([x, y, ...params]),
  };
}

/**
 * The JL objective's shape on MNIST-sized data (10 000 × 784, values in [0, 1)): a k × d
 * projection A, a batch of random pairs (i, j) per step, distortion
 * d_ij = ‖A(x_i − x_j)‖²/(k‖x_i − x_j‖²) − 1, a smooth max (log-sum-exp at temperature t)
 * of |d_ij|, and a gradient step on A.
 */
export function jlWorkload(points = 10_000, dim = 784, k = 30, pairs = 4096, temperature = 50): Workload {
  const [kX, kA, kP] = splitKey(keyFromSeed(3), 3) as [RandomKey, RandomKey, RandomKey];
  const data = randomUniform(kX, [points, dim]);
  const params = [randomNormal(kA, [k, dim], 0, 1)];
  let t = 0;
  return {
    flops: 2 * pairs * dim * k * 3,
    step: () => {
      const next = tf.tidy(() => {
        const picks = tf.cast(tf.floor(randomUniform(foldIn(kP, t++), [2, pairs], 0, points)), 'int32');
        const [i, j] = tf.unstack(picks) as [tf.Tensor1D, tf.Tensor1D];
        const diff = tf.sub(tf.gather(data, i), tf.gather(data, j));
        const norms = tf.add(tf.sum(tf.square(diff), 1), 1e-6);
        const loss = (a: tf.Tensor): tf.Scalar => {
          const projected = tf.sum(tf.square(tf.matMul(diff, a, false, true)), 1);
          const distortion = tf.abs(tf.sub(tf.div(projected, tf.mul(norms, k)), 1));
          return tf.div<tf.Scalar>(tf.logSumExp(tf.mul(distortion, temperature)), temperature);
        };
        const { value, grads } = tf.valueAndGrads(loss)(params);
        value.dataSync();
        return [tf.sub(params[0] as tf.Tensor, tf.mul(1e-2, grads[0] as tf.Tensor))];
      });
      replace(params, next);
    },
    dispose: () => tf.dispose([data, ...params]),
  };
}
