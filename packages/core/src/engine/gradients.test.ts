import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('ensureGradients in a browser bundle', () => {
  it('names tfjs-core gradient and chained-op modules statically, so a bundler includes them and no node: module', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./gradients.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.endsWith('@tensorflow/tfjs-core/dist/register_all_gradients.js'))).toBe(true);
    expect(inputs.some((file) => file.endsWith('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js'))).toBe(true);
    // the gradient of Mean, reached only through register_all_gradients
    expect(inputs.some((file) => file.endsWith('@tensorflow/tfjs-core/dist/gradients/Mean_grad.js'))).toBe(true);
    expect(inputs.filter((file) => file.startsWith('node:'))).toEqual([]);
  });
});
