import { defineConfig } from 'vitest/config';

/** CDK synthesis with the IAM simulator, multi-night scenarios and the safety property: most of the suite's time. */
const SLOW_SPECS = ['test/cdk/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/properties/**/*.test.ts'];

export default defineConfig({
  test: {
    // `npx vitest --project fast` is the quick loop; `npm test` runs both projects.
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW_SPECS } },
      { extends: true, test: { name: 'slow', include: SLOW_SPECS } },
    ],
    // The runtime logs one JSON line per decision; in tests that is noise.
    // Fixed ambient credentials: the SDK resolves them from the environment, never from IMDS.
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      // The SDK's notice that releases after January 2027 need Node 22 (the Lambdas run Node 24); once per worker, noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'AKIAFAKEAMBIENT',
      AWS_SECRET_ACCESS_KEY: 'fake',
    },
    // Two cores on CI machines: parallel, but modestly.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
