import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The CLI's package version. */
export const version: string = (require('../package.json') as { version: string }).version;
