// Imported first by the device runners: tfjs's gradients and chained ops, registered statically
// (the suites' own dynamic import of them needs node_modules, which the GPU machine lacks), and
// the cpu kernels (the reference backend, and the cuda backend's host fallbacks). It also
// tells the bundled sources where the repository root is (see device-bundle.mjs): the
// runners live in <root>/.device/bundles/.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

globalThis.__derandRepoRoot ??= pathToFileURL(`${resolve(dirname(process.argv[1] ?? '.'), '..', '..')}/`).href;
