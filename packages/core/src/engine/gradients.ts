import * as tf from '@tensorflow/tfjs-core';
import { registerGradientFixes } from './gradient-fixes.js';
import { registerSecondOrderGradients } from './second-order-gradients.js';

/**
 * Node resolve hook: tfjs-core's ESM files import siblings without extensions
 * (`'../ops/mul'`), which Node's ESM loader refuses. For relative imports made from inside
 * `@tensorflow/` it retries with `.js` and `/index.js`. Passed to `module.register` as a data
 * URL so it needs no file of its own in any layout (src under vitest, dist under node).
 */
const RESOLVE_HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const parent = context.parentURL ?? '';
    if ((specifier.startsWith('./') || specifier.startsWith('../')) && parent.includes('/@tensorflow/')) {
      for (const suffix of ['.js', '/index.js']) {
        try { return await next(specifier + suffix, context); } catch {}
      }
    }
    throw error;
  }
}`;

let loading: Promise<void> | undefined;

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/** True once the gradient of a common kernel (Mean) is registered. */
export function gradientsRegistered(): boolean {
  return tf.getGradient('Mean') !== undefined && tf.getGradient('BatchMatMul') !== undefined;
}

/**
 * Makes `tf.grad` work: registers every gradient tfjs-core defines and the chained tensor
 * methods (its Node build registers neither; see docs/decisions/0002-gradients-in-node.md), then replaces the gradients that are
 * wrong under broadcasting or double backprop (tfjs issue #3252) with corrected ones.
 * Idempotent and safe to call concurrently.
 */
export function ensureGradients(): Promise<void> {
  loading ??= (async () => {
    if (!gradientsRegistered()) {
      if (isNode()) {
        // A variable specifier keeps browser bundlers from trying to bundle node:module.
        const nodeModule = 'node:module';
        const { register } = (await import(/* @vite-ignore */ nodeModule)) as typeof import('node:module');
        register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`);
      }
      // Literal specifiers, so that a browser bundler (vite, esbuild, webpack) sees and bundles
      // tfjs-core's ESM gradient files; plain Node resolves the same paths at run time through
      // the hook above. The chained tensor methods (`x.sum()`) are left out of the Node build
      // too, and tfjs's own Prod gradient needs them.
      await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
      await import('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js');
    }
    registerGradientFixes();
    registerSecondOrderGradients();
  })();
  return loading;
}
