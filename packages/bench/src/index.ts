/**
 * Runs the benchmark suites one after another, each in its own Node process (the suites start
 * their own engines, and the MAXCUT scale case reads the process's peak memory):
 *
 *   node packages/bench/dist/index.js [SUITE ...] [--filter TEXT] [suite flags]
 *
 * SUITE is any of backends, structure, maxcut, ablation, rounding, jl, cuda, sweep, builds (default: all, in that
 * order; builds needs --baseline DIR and skips without it). Every
 * other argument goes to each suite: `--filter TEXT` keeps the cases whose name contains TEXT,
 * `--out FILE` replaces <repo>/bench-results/<suite>.json (one suite only), and the suites' own
 * flags (maxcut: --seeds N, --svg DIR; structure: --svg DIR; cuda and rounding: --backend ID, --quick;
 * builds: --baseline DIR, --repeats N).
 * Exits non-zero when a suite fails; the others still run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SUITES = ['backends', 'structure', 'maxcut', 'ablation', 'rounding', 'jl', 'cuda', 'sweep', 'builds'] as const;
type Suite = (typeof SUITES)[number];
/** Flags of the suites that take no value. */
const BOOLEAN_FLAGS = new Set(['--quick']);

const isSuite = (value: string): value is Suite => (SUITES as readonly string[]).includes(value);

const selected: Suite[] = [];
const passed: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i]!;
  if (arg.startsWith('--')) {
    passed.push(arg);
    if (!BOOLEAN_FLAGS.has(arg) && !arg.includes('=') && i + 1 < argv.length) passed.push(argv[++i]!);
  } else if (isSuite(arg)) {
    selected.push(arg);
  } else {
    process.stderr.write(`bench: unknown suite '${arg}' (suites: ${SUITES.join(', ')}; filter cases with --filter TEXT)\n`);
    process.exit(2);
  }
}
const suites = selected.length === 0 ? [...SUITES] : selected;
if (suites.length > 1 && passed.includes('--out')) {
  process.stderr.write('bench: --out names one file; give it with a single suite\n');
  process.exit(2);
}

const failed: string[] = [];
for (const suite of suites) {
  const script = fileURLToPath(new URL(`./${suite}.js`, import.meta.url));
  process.stderr.write(`\n== bench ${suite} ${passed.join(' ')}\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [script, ...passed], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    failed.push(suite);
    process.stderr.write(`== bench ${suite} failed (${run.signal ?? `exit ${run.status}`}) after ${seconds} s\n`);
  } else {
    process.stderr.write(`== bench ${suite} done in ${seconds} s\n`);
  }
}
if (failed.length > 0) {
  process.stderr.write(`bench: ${failed.length} suite(s) failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
