/**
 * The environment the test suite runs in (vitest.config.mts), set before any module reads it:
 * fixed fake credentials (never IMDS), quiet logs, the janitor's home region.
 */
Object.assign(process.env, {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAFAKEAMBIENT',
  AWS_SECRET_ACCESS_KEY: 'fake',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
