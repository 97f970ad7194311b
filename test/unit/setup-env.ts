// What every function of a unit-test city has in its environment: the city's identity and the AWS
// SDK's settings. Nothing that a grant gives (table, bucket, the city's secret, the signing key, the
// import queue): a test file that runs a function's code says which function it is
// (test/support/function-env.ts), and gets exactly that function's grants.
import { GRANTED_VARIABLES } from '../support/function-env';

for (const name of GRANTED_VARIABLES) delete process.env[name];
process.env.CITY_ID ??= 'unit';
process.env.CITY_NAME ??= 'Unit City';
process.env.PUBLIC_BASE_URL ??= 'https://unit.example';
process.env.CITY_BRANDING ??= JSON.stringify({ displayName: 'Unit City', primaryColour: '#000000', secondaryColour: '#ffffff' });
process.env.AWS_REGION ??= 'eu-west-2';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// toHaveReceivedCommand… matchers for aws-sdk-client-mock.
import 'aws-sdk-client-mock-vitest/extend';
