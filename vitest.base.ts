import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings for every package. Workspace packages export an `@mcpkit/source`
 * condition pointing at their TypeScript entry, so a test of one package runs against
 * the current source of the packages it depends on without building them first.
 */
export const baseConfig = defineConfig({
  // Vite's own defaults (module, node, development|production) plus ours.
  resolve: { conditions: ['@mcpkit/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@mcpkit/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep parallelism modest so timing-sensitive suites stay stable.
    maxWorkers: 2,
    reporters: process.env.MCPKIT_TEST_REPORT ? ['default', ['json', { outputFile: process.env.MCPKIT_TEST_REPORT }]] : ['default'],
  },
});
