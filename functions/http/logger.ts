// One structured JSON logger per Lambda (Powertools). Log level comes from POWERTOOLS_LOG_LEVEL.
// Request bodies are never logged: they can hold learners' personal data. Errors are logged with their
// stacks mapped to the source (readable-stack.ts).
import { Logger } from '@aws-lambda-powertools/logger';
import { readableErrors } from './readable-stack';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cities-of-learning', jsonReplacerFn: readableErrors });
