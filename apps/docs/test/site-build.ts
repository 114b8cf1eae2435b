import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsPaths } from '../src/generate/paths.js';

/** The docs app's paths, for tests. */
export const paths = docsPaths(fileURLToPath(new URL('..', import.meta.url)));

/**
 * The built site's folder, checked: the tests read what `pnpm --filter @derand/docs build`
 * wrote (turbo builds it before `test`).
 *
 * @throws Error saying how to build it when it is absent.
 */
export function builtSite(): string {
  if (!existsSync(join(paths.out, 'index.html'))) {
    throw new Error(`The site is not built (${paths.out}/index.html is missing): run pnpm --filter @derand/docs build first (pnpm test does it through turbo).`);
  }
  return paths.out;
}

/** Every page of the built site as a URL path (`/guides/lemma.html`), sorted. */
export function sitePages(out: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'assets') walk(full);
      } else if (name.endsWith('.html') && name !== '404.html') pages.push(`/${relative(out, full)}`);
    }
  };
  walk(out);
  return pages.sort();
}
