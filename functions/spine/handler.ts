// CloudFormation custom resource: on every deploy, write the city's skills spine (from its config
// file) into the city table. Deleting the resource leaves the data: the table's own removal policy
// decides its fate. Replies to CloudFormation itself, so a failure fails the deploy instead of hanging.
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { logger } from '../http/logger';
import { syncInsights, syncSpine } from './service';

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const physicalResourceId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : `spine-${event.LogicalResourceId}`;
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = 'ok';
  try {
    if (event.RequestType !== 'Delete') {
      const spine = JSON.parse(String(event.ResourceProperties.SpineJson)) as unknown;
      const result = await syncSpine(spine);
      logger.info('spine synced', { written: result.written, retired: result.retired });
      // The city's areas and disclosure rule travel with the spine: both are the config's, for the table.
      if (event.ResourceProperties.InsightsJson) await syncInsights(JSON.parse(String(event.ResourceProperties.InsightsJson)));
    }
  } catch (error) {
    logger.error('spine sync failed', error as Error);
    status = 'FAILED';
    reason = `${(error as Error).message} (see log stream ${context.logStreamName})`.slice(0, 1000);
  }
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify({
      Status: status,
      Reason: reason,
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  });
  if (!response.ok) throw new Error(`CloudFormation response was refused: ${response.status}`);
}
