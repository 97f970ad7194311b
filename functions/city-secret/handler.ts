// The rotation function of the city's secret: Secrets Manager invokes it once per step of a rotation
// (on the schedule, or `aws secretsmanager rotate-secret`). A step that throws is retried by Secrets
// Manager; the rotation does not finish until every step has succeeded.
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { logger } from '../http/logger';
import { rotationStep } from './service';

export async function handler(event: SecretsManagerRotationEvent): Promise<void> {
  const context = { step: event.Step, version: event.ClientRequestToken };
  try {
    logger.info(`city secret rotation: ${await rotationStep(event)}`, context);
  } catch (error) {
    logger.error('city secret rotation step failed', { ...context, error: error as Error });
    throw error;
  }
}
