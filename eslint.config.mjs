// ESLint 9 flat config. Run by `npm run lint` and by `npm test` (scripts/test.mjs), where any
// violation fails the run. Non-type-aware on purpose: it needs no TypeScript program, so it
// stays fast on two cores (the type-check is `tsc --noEmit`'s job, one step earlier).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Generated or fetched output, never linted (the same list is in .prettierignore). */
const IGNORES = [
  '**/node_modules/**',
  'dist/**',
  'sample-dicom/output*/**',
  'bench/data/**',
  'bench/dist/**',
  'e2e/artifacts/**',
  'test-results/**',
  'playwright-report/**',
  '.scratch/**',
  'dist-ohif/**',
];

/**
 * "Pure rules" code: clinical rules and geometry that must run anywhere (Node tests, a worker,
 * another viewer). Every folder named `rules` under extensions/ (the capability layout, e.g.
 * extensions/emh/liver/rules/),
 * plus src/geometry except its *Service* files.
 */
const PURE = ['extensions/**/rules/**', 'ohif/rules/**', 'src/geometry/**'];
const PURE_EXCEPT = ['src/geometry/**/*Service*'];
/** Tests and fixtures of pure code may use Node (node:test, node:fs for fixture files...). */
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/*.fixture.ts'];

const VIEWER_PACKAGES = [
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'Pure rules code must not depend on React.' },
  {
    group: ['@cornerstonejs/*', '**/dicom-image-loader', '**/dicom-image-loader/**'],
    message: 'Pure rules code must not depend on Cornerstone or its image loader.',
  },
];
const NODE_MODULES = [
  {
    // Bare module names only: a project folder called util/ or path/ is not Node's.
    regex: '^(node:.*|fs|fs/.*|path|os|child_process|crypto|url|util|stream|stream/.*|worker_threads|zlib|buffer|process)$',
    message: 'Pure rules code must not depend on Node built-ins (tests and *.fixture.ts may).',
  },
];

const DOM_MESSAGE = 'Pure rules code must not use the DOM or browser storage: take what it needs as arguments.';
const DOM_GLOBALS = [
  'window',
  'self',
  'document',
  'navigator',
  'location',
  'history',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'IDBDatabase',
  'IDBTransaction',
  'IDBKeyRange',
  'caches',
  'screen',
  'getComputedStyle',
  'matchMedia',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'alert',
  'confirm',
  'prompt',
  'Element',
  'HTMLElement',
  'HTMLCanvasElement',
  'HTMLImageElement',
  'HTMLInputElement',
  'HTMLDivElement',
  'SVGElement',
  'CanvasRenderingContext2D',
  'ImageData',
  'MouseEvent',
  'PointerEvent',
  'KeyboardEvent',
  'WheelEvent',
  'DOMParser',
  'XMLSerializer',
  'FileReader',
].map((name) => ({ name, message: DOM_MESSAGE }));

export default tseslint.config(
  { ignores: IGNORES },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // Every source file: TypeScript, TSX and the JavaScript scripts.
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      // Browser and Node code share folders (tests beside sources); tsc checks the globals.
      globals: {},
    },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json', alwaysTryTypes: true })],
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      // A cycle between modules. `import type` is erased at run time and does not count.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      // tsc (noUnusedLocals / noUnusedParameters) already reports these, with the same meaning.
      '@typescript-eslint/no-unused-vars': 'off',
      // tsc checks undefined names; ESLint's no-undef does not know the DOM / Node split.
      'no-undef': 'off',
    },
  },

  // CommonJS: the webpack loaders in scripts/webpack are hand-written, not generated.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The viewer core (src/) knows no extension: it loads them through its extension API.
  {
    files: ['src/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './src', from: './extensions', message: 'src/ must not import from extensions/.' }] },
      ],
    },
  },

  // Pure rules code: no viewer packages, no Node, no DOM.
  {
    files: PURE,
    ignores: PURE_EXCEPT,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...VIEWER_PACKAGES, ...NODE_MODULES] }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[object.name=/^(globalThis|window|self)$/][property.name=/^(${DOM_GLOBALS.map((g) => g.name).join('|')})$/]`,
          message: DOM_MESSAGE,
        },
        // no-restricted-globals sees values only; DOM types in signatures are caught here.
        {
          selector: `TSTypeReference > Identifier.typeName[name=/^(${DOM_GLOBALS.map((g) => g.name).join('|')})$/]`,
          message: DOM_MESSAGE,
        },
      ],
    },
  },
  {
    files: PURE.flatMap((dir) => TESTS.map((test) => `${dir.replace(/\/\*\*$/, '')}/${test}`)),
    ignores: PURE_EXCEPT,
    rules: {
      'no-restricted-imports': ['error', { patterns: VIEWER_PACKAGES }],
    },
  },
);
