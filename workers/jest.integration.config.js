module.exports = require('../jest.preset').tier(__dirname, '.integration-spec.ts', {
  globalSetup: require.resolve('../db/test/global-setup.ts'),
  testTimeout: 60000,
});
