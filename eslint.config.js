// typescript-eslint strict, plus the design's boundaries: only src/cli/io.ts and bin/ touch the
// process streams or exit; nothing in src/ prints with console.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/client/generated/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only bin/ ends the process; throw a typed error.' },
        { object: 'process', property: 'stdout', message: 'Write to the IO you were given.' },
        { object: 'process', property: 'stderr', message: 'Write to the IO you were given.' },
      ],
    },
  },
  { files: ['src/cli/io.ts', 'src/bin.ts'], rules: { 'no-restricted-properties': 'off' } },
);
