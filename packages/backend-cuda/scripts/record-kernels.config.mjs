/* global URL */
// vitest config for recording kernel names in another package (run from that package's folder):
// the shared package settings plus the recording setup file, without the JSON report.
import { fileURLToPath } from 'node:url';
import { packageTestConfig } from '../../../vitest.shared.ts';

const setup = fileURLToPath(new URL('./record-kernels.setup.mjs', import.meta.url));
const config = packageTestConfig({ setupFiles: [setup], reporters: ['dot'] });
export default { ...config, root: process.cwd() };
