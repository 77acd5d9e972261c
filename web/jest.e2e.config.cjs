// Browser tests against the built app (web/dist) served by the built API (api/dist).
const { tier } = require('../jest.preset');

module.exports = {
  ...tier(__dirname, '.e2e.ts'),
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testTimeout: 120000,
  globalSetup: require.resolve('../db/test/global-setup.ts'),
};
