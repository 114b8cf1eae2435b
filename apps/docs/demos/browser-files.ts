import { DerandError, type FileAccess } from '@derand/registry';

/**
 * File access for solvers running in a browser: a file name in the options is a URL relative
 * to the site (`data/graphs/…` or a bundled asset URL), fetched with the page's origin. This is
 * the browser side of `SolverContext.files`, which on Node reads the disk.
 *
 * @example const files = browserFiles(location.origin + '/'); await files.read('/assets/paper-g15.txt');
 */
export function browserFiles(baseUrl: string): FileAccess {
  return {
    read: async (name) => {
      const url = new URL(name, baseUrl);
      const response = await fetch(url);
      if (!response.ok) throw new DerandError('FILE_NOT_FOUND', `Could not fetch ${url.href}: HTTP ${response.status}. Check that the site serves this file.`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
