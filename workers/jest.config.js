module.exports = require('../jest.preset').tier(__dirname, '.spec.ts');
