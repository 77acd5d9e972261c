// Shared jest settings: SWC transpiles (type-checking is the `typecheck` target), workspace
// packages resolve to their sources so tests never depend on a prior build.
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const root = __dirname;
const moduleNameMapper = {
  '^@mimamori/db$': path.join(root, 'db/src/index.ts'),
  '^@mimamori/db/testing$': path.join(root, 'db/src/testing/index.ts'),
  '^@mimamori/workers$': path.join(root, 'workers/src/index.ts'),
  '^@mimamori/workers/(contracts|kernels)$': path.join(root, 'workers/src/$1/index.ts'),
};

function tier(dir, suffix, extra = {}) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.(t|j|mj)s$': swc },
    transformIgnorePatterns: ['/node_modules/(?!(flatbush|flatqueue|kdbush|pbf|@mapbox/vector-tile|@mapbox/point-geometry)/)'],
    moduleNameMapper,
    testMatch: [`<rootDir>/**/*${suffix}`],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    ...extra,
  };
}

module.exports = { tier, swc, moduleNameMapper };
