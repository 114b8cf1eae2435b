// Reruns what the site shows from committed data, and replaces that data:
//   data/results/            `derand reproduce` (results.json and figures/), the full run unless --quick
//   data/results/structure-study/   `derand structure-study lambda-sweep` (the structure-study guide's figure)
//   data/backends.json       `derand backends --json` and the machine it ran on
// Needs the built CLI (`pnpm build`); the MAXCUT instances come from DERAND_DATA_DIR (default
// ../shared/data) or else from those shipped in apps/cli/data. The full run takes about 10 minutes
// on 2 cores. `--results-only` reruns only `derand reproduce` (leaving the study and the measured
// backend speeds as they are). Usage: pnpm --filter @derand/docs refresh-results [-- --quick] [-- --results-only]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const docs = fileURLToPath(new URL('..', import.meta.url));
const root = join(docs, '..', '..');
const bin = join(root, 'apps', 'cli', 'dist', 'bin.js');
const data = join(docs, 'data');
const quick = process.argv.includes('--quick');
const resultsOnly = process.argv.includes('--results-only');

if (!existsSync(bin)) {
  console.error(`${bin} is missing: run pnpm build first.`);
  process.exit(1);
}

function derand(args, stdoutFile) {
  console.error(`derand ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', stdoutFile === undefined ? 'inherit' : 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) {
    console.error(`derand ${args[0]} failed with exit code ${result.status ?? result.signal}`);
    process.exit(1);
  }
  if (stdoutFile !== undefined) writeFileSync(stdoutFile, result.stdout);
}

const scratch = mkdtempSync(join(tmpdir(), 'derand-docs-results-'));
derand(['reproduce', '--out', join(scratch, 'run'), ...(quick ? ['--quick'] : [])]);
rmSync(join(data, 'results', 'figures'), { recursive: true, force: true });
cpSync(join(scratch, 'run', 'results.json'), join(data, 'results', 'results.json'));
cpSync(join(scratch, 'run', 'figures'), join(data, 'results', 'figures'), { recursive: true });

if (resultsOnly) {
  rmSync(scratch, { recursive: true, force: true });
  console.error(`refreshed ${join(data, 'results')} (${quick ? 'quick' : 'full'} run of derand reproduce); commit it, then rebuild the site`);
  process.exit(0);
}
const study = join(data, 'results', 'structure-study');
derand(['structure-study', 'lambda-sweep', '--json', '--quiet', '--svg', join(study, 'lambda-sweep.svg')], join(study, 'lambda-sweep.json'));

const backends = join(scratch, 'backends.json');
derand(['backends', '--json'], backends);
const cores = cpus();
writeFileSync(
  join(data, 'backends.json'),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`, backends: JSON.parse(readFileSync(backends, 'utf8')).backends }, null, 2)}\n`,
);
rmSync(scratch, { recursive: true, force: true });
console.error(`refreshed ${data} (${quick ? 'quick' : 'full'} run); commit it, then rebuild the site`);
