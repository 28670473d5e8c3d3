// ESLint for the whole workspace (flat config): JavaScript's and typescript-eslint's recommended rules, and
// eslint-plugin-vue's for the office app's components. Formatting is left to the code's own style.
import { defineConfig } from 'eslint/config'
import js from '@eslint/js'
import globals from 'globals'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {
    // Generated files, build output and migrations are not linted.
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.tap/**',
      '**/test-results/**',
      'bench/results/**',
      'migrations/**',
      'admin-ui/src/api/schema.d.ts',
      'clients/portal/src/schema.d.ts',
      'api/openapi.json',
      'api/src/openapi/captured-examples.ts',
      'packages/shared/src/countries*',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // Template layout: the components keep their own compact formatting.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    rules: {
      // `const { secret, ...rest } = value` is how the code drops a property; `_name` marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // A `let` assigned later but read first by a callback (a shutdown handler, a listener's cleanup) cannot be `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['api/**/*.ts', 'bench/**/*.ts'],
    ignores: ['api/src/db/drizzle.ts'],
    rules: {
      // drizzle-orm's values come from its CommonJS build, through api/src/db/drizzle.ts (why: that file).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*'],
              allowTypeImports: true,
              message: 'Import drizzle-orm values from api/src/db/drizzle.ts; types with `import type`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/test/**'],
    rules: {
      // The tests walk untyped JSON documents (the OpenAPI document, captured examples) property by property.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
  {
    files: ['admin-ui/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
)
