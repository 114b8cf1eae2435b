import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DefaultTheme } from 'vitepress';

/** Markdown pages below `dir` (recursively), as site links without extension, sorted. */
function pagesBelow(dir: string, root: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return pagesBelow(full, root);
      return name.endsWith('.md') ? [`/${relative(root, full).replace(/\.md$/, '').replace(/(^|\/)index$/, '$1')}`] : [];
    });
}

/**
 * The sidebar: the hand-written sections, then the generated ones (catalogue kinds, API
 * modules) read from the pages the generator wrote, so it never lists a page that is absent.
 */
export function sidebar(site: string): DefaultTheme.SidebarItem[] {
  const kinds = pagesBelow(join(site, 'catalogue'), site).filter((link) => link !== '/catalogue/');
  const modules = pagesBelow(join(site, 'api'), site).filter((link) => link !== '/api/' && !link.includes('/namespaces/'));
  return [
    {
      text: 'Introduction',
      items: [
        { text: 'Getting started', link: '/getting-started' },
        { text: 'The idea in one page', link: '/idea' },
      ],
    },
    {
      text: 'Solver guides',
      items: [
        { text: 'lemma', link: '/guides/lemma' },
        { text: 'toy', link: '/guides/toy' },
        { text: 'structure-discovery', link: '/guides/structure-discovery' },
        { text: 'structure-study', link: '/guides/structure-study' },
        { text: 'maxcut', link: '/guides/maxcut' },
        { text: 'jl', link: '/guides/jl' },
      ],
    },
    {
      text: 'Live demos',
      items: [
        { text: 'Structure discovery', link: '/demos/structure' },
        { text: 'MAXCUT', link: '/demos/maxcut' },
        { text: 'Johnson–Lindenstrauss', link: '/demos/jl' },
      ],
    },
    {
      text: 'Plugins',
      items: [
        { text: 'Write your own', link: '/plugins/write-your-own' },
        { text: 'Catalogue', link: '/catalogue/', items: kinds.map((link) => ({ text: link.replace('/catalogue/', ''), link })) },
      ],
    },
    { text: 'Backends', link: '/backends' },
    { text: 'Results', link: '/results' },
    {
      text: 'API reference',
      link: '/api/',
      collapsed: true,
      items: modules.map((link) => ({ text: `@derand/${link.replace('/api/', '')}`, link })),
    },
  ];
}
