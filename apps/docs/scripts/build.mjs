// Builds the site: compile the generator, generate the catalogue, API reference and results
// pages, then `vitepress build`. Under turbo (`pnpm build`, `pnpm test`) the workspace packages
// the site documents and bundles are built first by the task graph (turbo sets TURBO_HASH);
// run on its own (`pnpm --filter @derand/docs build`, e.g. in a fresh clone) it has turbo build
// them first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';

const docs = fileURLToPath(new URL('..', import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: docs, stdio: 'inherit', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed${result.status === null ? ` (${result.signal})` : ` with exit code ${result.status}`}`);
    process.exit(result.status ?? 1);
  }
}

if (process.env.TURBO_HASH === undefined) run('pnpm', ['--workspace-root', 'exec', 'turbo', 'run', 'build', '--filter=@derand/docs^...', '--output-logs=errors-only']);
run('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json']);
run(process.execPath, ['dist/generate/main.js']);
run('pnpm', ['exec', 'vitepress', 'build', 'site']);
