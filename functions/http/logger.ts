// One structured JSON logger per Lambda (Powertools). Log level comes from POWERTOOLS_LOG_LEVEL.
// Request bodies are never logged: they can hold learners' personal data.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cities-of-learning' });
