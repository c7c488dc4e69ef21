// Lint gates from STYLE.md: no `any`, no import cycles, type-aware checks on src and test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// STYLE.md's layering: a folder of src/ imports only from folders above it in this list.
const LAYERS = [
  'model',
  'promql',
  'template',
  'config',
  'datasource',
  'store',
  'rules',
  'notifiers',
  'router',
  'api',
  'ui',
  'app',
  'cli',
];
const layerZones = LAYERS.flatMap((target, i) =>
  LAYERS.slice(i + 1).map((from) => ({
    target: `./src/${target}`,
    from: `./src/${from}`,
    message: `src/${target} may not import from src/${from} (see STYLE.md, "The shape of the code")`,
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bin/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
);
