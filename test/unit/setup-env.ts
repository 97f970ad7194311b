import { generateKeyPairSync } from 'node:crypto';
// Handlers read their environment at module scope; unit tests give them a fixed city.
process.env.TABLE_NAME ??= 'unit-test-table';
process.env.BUCKET_NAME ??= 'unit-test-bucket';
process.env.IMPORT_QUEUE_URL ??= 'https://sqs.eu-west-2.amazonaws.com/000000000000/unit-imports.fifo';
process.env.CITY_ID ??= 'unit';
process.env.CITY_NAME ??= 'Unit City';
process.env.PUBLIC_BASE_URL ??= 'https://unit.example';
process.env.CITY_BRANDING ??= JSON.stringify({ displayName: 'Unit City', primaryColour: '#000000', secondaryColour: '#ffffff' });
process.env.AWS_REGION ??= 'eu-west-2';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.API_KEY_PEPPER ??= 'unit-test-pepper';
process.env.SIGNING_KEY_PEM ??= generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

// toHaveReceivedCommand… matchers for aws-sdk-client-mock.
import 'aws-sdk-client-mock-vitest/extend';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
