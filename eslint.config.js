// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ESLint applies one `no-restricted-imports` per file (the last matching block wins), so every block
// that sets it repeats the runtime boundary.
const runtimeBoundary = {
  group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '**/lib/*', '**/local/*'],
  message: 'Runtime code never reaches into the CDK app or the local city.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Tests poke at parsed JSON fixtures freely.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Runtime code never reaches into the CDK app, and never logs with console (Powertools Logger).
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '../lib/*', '../../lib/*', '../local/*', '../../local/*'] }],
      'no-console': 'error',
    },
  },
  {
    // The domain is pure: rules and documents, no AWS, no storage, no HTTP. Services bring those.
    files: ['functions/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*'], message: 'functions/domain is pure: no AWS SDK, Powertools or middy.' },
            { group: ['**/data/*', '**/storage/*', '**/http/*', '**/auth/*', '**/signing/*'], message: 'functions/domain imports no data/, storage/, http/ or AWS-bound module: a service passes it what it needs.' },
            runtimeBoundary,
          ],
        },
      ],
    },
  },
  {
    // Handlers call services only. A route group's folder, functions/<group>/, holds its handler.ts
    // (the dispatch), route modules, contract.ts, schemas and presenters; those import no data/ or
    // storage/. Data access lives in the group's service.ts, or in functions/services/<name>.ts when
    // more than one group needs it (services may import data/, storage/ and domain/). Every folder
    // under functions/ is a route group unless it is one of the layers listed in `ignores`, so a new
    // group is covered from its first file.
    files: ['functions/*/**/*.ts'],
    ignores: [
      'functions/*/service.ts',
      'functions/{services,data,storage,domain,http,auth,signing,vendor}/**',
      // Being moved onto services by other engineers right now; the lead removes this line on merge.
      'functions/{awards,imports,verify}/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/data/*', '**/storage/*'], message: 'Route modules call services only: move this data access into the group\'s service.ts (or functions/services/ when shared).' },
            runtimeBoundary,
          ],
        },
      ],
    },
  },
  {
    // The CDK app knows the functions only through the neutral definitions (route table, city config,
    // resource definitions) and the entry paths they name.
    files: ['lib/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/functions/*', '**/functions/**', '**/local/*'], message: 'lib/ imports only definitions/ from the runtime side.' }] }],
    },
  },
);
