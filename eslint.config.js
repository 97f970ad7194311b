// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '**/lib/*', '**/local/*'], message: 'Runtime code never reaches into the CDK app or the local city.' },
          ],
        },
      ],
    },
  },
  {
    // Awarding has one service (functions/services/awarding.ts): the awards and imports routes reach
    // storage only through services, and imports never reach into the awards group. (A later block's
    // no-restricted-imports replaces an earlier one's, so each repeats the runtime rule.)
    files: ['functions/imports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '**/lib/*', '**/local/*'], message: 'Runtime code never reaches into the CDK app or the local city.' },
            { group: ['../awards/*'], message: 'imports/ awards through functions/services/awarding.ts, never through the awards group.' },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/awards/**/*.ts', 'functions/imports/handler.ts', 'functions/imports/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '**/lib/*', '**/local/*'], message: 'Runtime code never reaches into the CDK app or the local city.' },
            { group: ['**/data/*', '**/storage/*'], message: 'Handlers and contracts call services (functions/services/), never data/ or storage/.' },
            { group: ['../awards/*'], message: 'imports/ awards through functions/services/awarding.ts, never through the awards group.' },
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
