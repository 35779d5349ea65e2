import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The JSON report feeds the plain "N passed, N failed" line that CI reads (.ci/run).
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
