import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:db', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:workers', onlyDependOnLibsWithTags: ['scope:db'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:db', 'scope:workers'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:workers'] },
          ],
        },
      ],
    },
  },
  {
    // The web app type-checks its sources and its tests with two tsconfigs (browser vs node types).
    files: ['web/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['./web/tsconfig.json', './web/tsconfig.spec.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Tests may wire the whole platform together (e.g. an API test running a worker in-process).
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/e2e/**/*.ts', '**/testing/**/*.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
