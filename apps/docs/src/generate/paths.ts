import { join } from 'node:path';

/** Where the docs app keeps its sources, data and generated files. */
export interface DocsPaths {
  readonly repoRoot: string;
  readonly docs: string;
  /** VitePress's source folder. */
  readonly site: string;
  /** Generated API pages. */
  readonly api: string;
  /** The committed reproduce run. */
  readonly resultsJson: string;
  /** The committed structure study (the structure-study guide's figure). */
  readonly studyDir: string;
  /** The committed `derand backends --json`. */
  readonly backendsJson: string;
  /** Where the run's files are served from (public folder). */
  readonly publicResults: string;
  /** The built site. */
  readonly out: string;
  /** Scratch space of the generator. */
  readonly scratch: string;
  /** Everything the generator writes into site/ (removed before it runs; ignored by git). */
  readonly generated: readonly string[];
}

/**
 * The docs app's paths from its folder.
 *
 * @example docsPaths('/repo/apps/docs').out; // '/repo/apps/docs/build/site'
 */
export function docsPaths(docs: string): DocsPaths {
  const site = join(docs, 'site');
  return {
    repoRoot: join(docs, '..', '..'),
    docs,
    site,
    api: join(site, 'api'),
    resultsJson: join(docs, 'data', 'results', 'results.json'),
    studyDir: join(docs, 'data', 'results', 'structure-study'),
    backendsJson: join(docs, 'data', 'backends.json'),
    publicResults: join(site, 'public', 'results'),
    out: join(docs, 'build', 'site'),
    scratch: join(docs, 'build', 'generate'),
    generated: [join(site, 'api'), join(site, 'catalogue'), join(site, 'parts'), join(site, 'results.md'), join(site, 'public', 'results')],
  };
}
