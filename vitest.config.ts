import { defineConfig } from 'vitest/config';

// Test tiers, each in its own folder: unit (pure and mocked), infra (synthesised stacks + cdk-nag),
// browser (pages in headless Chromium), integration (against a local city that the tier's global
// setup starts and stops).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/setup-env.ts'],
          // `npm test` runs every tier at once, so a unit case shares two cores with the integration
          // cities: vitest's 5 s default failed a case that takes 0.1 s alone (CI, 3 December).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          // Synthesising a city bundles every function (the stream's consumers too): minutes on a shared, loaded machine.
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // Pages are rendered by the functions' own modules, which read the city's settings when they load.
          setupFiles: ['test/unit/setup-env.ts'],
          testTimeout: 60_000,
          // A file's setup launches Chromium: past vitest's 10 s default beside the integration cities in
          // `npm test` (the insights dashboard's did, 3 December).
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
