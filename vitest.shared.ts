import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Test settings shared by every package: a JSON report per package (summed by `.ci/run`),
 * process isolation (tfjs keeps global engine state) and generous numeric-test timeouts.
 */
export function packageTestConfig(overrides: NonNullable<ViteUserConfig['test']> = {}): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
      pool: 'forks',
      maxWorkers: 2,
      testTimeout: 120_000,
      hookTimeout: 120_000,
      ...(overrides as object),
    },
  });
}
