// Unit tests of the web app run in Node: the style is plain data, MapLibre itself is tested in the browser (e2e).
module.exports = require('../jest.preset').tier(__dirname, '.spec.ts');
