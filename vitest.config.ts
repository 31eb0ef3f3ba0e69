import { defineConfig } from 'vitest/config';

// Names this test run for the test files that share one trained model (cli/test-support/default-model.ts).
process.env.NIDS_TEST_RUN ??= `${process.pid}-${Date.now()}`;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
