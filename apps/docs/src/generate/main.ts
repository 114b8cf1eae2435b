import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRegistry } from '@derand/cli';
import { buildApiReference } from '../api/build-api.js';
import { apiEntries } from '../api/entry-points.js';
import { cataloguePages, type GeneratedPage } from '../catalogue/render-catalogue.js';
import { backendsPart, type BackendsMeasurement } from '../results/render-backends.js';
import { parseReproduceResults } from '../results/reproduce-results.js';
import { resultsPages } from '../results/render-results.js';
import { studyPart, type StudyResult } from '../results/render-study.js';
import { docsPaths } from './paths.js';

// Generates the site's pages that come from code and data: the plugin catalogue (from the CLI's
// registry), the API reference (TypeDoc over every package), the results page (from the
// committed reproduce run) and the measured backends table. The rest of the site is written by
// hand in site/. Run before `vitepress build`; nothing here reruns an experiment.

const paths = docsPaths(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

function write(page: GeneratedPage): void {
  const file = join(paths.site, page.file);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, page.markdown);
}

const started = performance.now();
for (const generated of paths.generated) rmSync(generated, { recursive: true, force: true });

const plugins = createCliRegistry().list();
const catalogue = cataloguePages(plugins);
catalogue.forEach(write);

const results = parseReproduceResults(readFileSync(paths.resultsJson, 'utf8'));
const { page, parts } = resultsPages(results);
[page, ...parts].forEach(write);
mkdirSync(paths.publicResults, { recursive: true });
cpSync(paths.resultsJson, join(paths.publicResults, 'results.json'));
cpSync(join(dirname(paths.resultsJson), 'figures'), join(paths.publicResults, 'figures'), { recursive: true });
cpSync(paths.studyDir, join(paths.publicResults, 'structure-study'), { recursive: true });
write(studyPart(JSON.parse(readFileSync(join(paths.studyDir, 'lambda-sweep.json'), 'utf8')) as StudyResult, 'lambda-sweep.svg'));

write(backendsPart(JSON.parse(readFileSync(paths.backendsJson, 'utf8')) as BackendsMeasurement));

const api = await buildApiReference(apiEntries(paths.repoRoot), paths.api, paths.scratch, join(paths.repoRoot, 'tsconfig.base.json'));

console.log(
  `generated ${catalogue.length} catalogue pages (${plugins.length} plugins), ${api.modules.length} API pages, the results page (${parts.length} experiments) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
