// The probe consumer's handler (test/support/stream-probe.ts): each change adds one to its item's
// tally, in one transaction with the change's effect marker, so a redelivery adds nothing. An item
// whose new image says `fail: true` makes the consumer throw, as a consumer with a bug would.
import { cityTable } from '../../functions/data/client';
import { writeEffectOnce } from '../../functions/data/stream-effects';
import { streamConsumer } from '../../functions/stream/consumer';
import { PROBE_TALLY } from './stream-probe';

export const handler = streamConsumer('probe', async (change) => {
  if (change.newImage?.fail === true) throw new Error(`probe told to fail on ${change.keys.pk}`);
  await writeEffectOnce(
    'probe',
    change.eventId,
    [
      {
        Update: {
          TableName: cityTable.name,
          Key: { pk: PROBE_TALLY, sk: change.keys.pk },
          UpdateExpression: 'ADD applied :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ],
    new Date(),
  );
});
