// The insights consumer of the city's event stream (definitions/consumers.ts): awards, revocations and
// opportunity changes become exact counters (functions/services/insights-counting.ts).
import { countChange } from '../services/insights-counting';
import { streamConsumer } from '../stream/consumer';

export const handler = streamConsumer('insights', async (change) => countChange(change, new Date()));
