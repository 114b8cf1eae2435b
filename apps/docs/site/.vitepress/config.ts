import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';
import { sidebar } from './sidebar.js';

const site = fileURLToPath(new URL('..', import.meta.url));

/**
 * VitePress's heading slug rule, keeping underscores: the API reference links constants such as
 * `AUTHORS_PERTURBATION` by anchors with underscores (TypeDoc's markdown plugin), which the
 * default rule would turn into dashes.
 */
function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    // eslint-disable-next-line no-control-regex -- the default rule drops control characters too
    .replace(/[\u0000-\u001f]/g, '')
    .replace(/[\s~`!@#$%^&*()\-+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

/** Rollup warnings that say nothing about this site (zod's comments placed where Rollup drops them). */
function quiet<W extends { code?: string | undefined; id?: string | undefined }>(warning: W, warn: (w: W) => void): void {
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/zod/') === true) return;
  warn(warning);
}

export default defineConfig({
  title: 'derand',
  description: 'Derandomized optimization on tfjs: structure discovery, a certified MAXCUT rounding and JL embeddings, after Tsikouras, Pantis, Mitliagkas & Tzamos (ICLR 2026).',
  outDir: '../build/site',
  cacheDir: '../build/vitepress-cache',
  // partials the guides include, not pages of their own
  srcExclude: ['parts/**'],
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  markdown: { math: true, anchor: { slugify } },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Demos', link: '/demos/structure' },
      { text: 'Plugins', link: '/catalogue/' },
      { text: 'Results', link: '/results' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: sidebar(site),
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
  vite: {
    worker: { format: 'es' },
    build: {
      // tfjs and vega are large; the demo pages load them on demand, in a worker and on mount
      chunkSizeWarningLimit: 4000,
      rollupOptions: { onwarn: quiet },
      // serve the demo graphs as files (not inlined as data: URLs), as a reader would download them
      assetsInlineLimit: (file: string) => (file.endsWith('.txt') ? false : undefined),
    },
  },
});
