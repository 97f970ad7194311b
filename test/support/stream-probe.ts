// A stream consumer for tests of the stream itself (unit, infra and the local city): it counts, per
// item, the changes it has applied, each once (its effect marker is the record's eventID), so a test
// can tell a record processed twice in effect from one processed once. Its handler is
// test/support/stream-probe-consumer.ts; it consumes items whose pk starts with PROBE#.
import type { StreamConsumer } from '../../definitions/consumers';

export const PROBE_PREFIX = 'PROBE#';
/** The tally of applied changes: pk PROBE-TALLY, sk <the changed item's pk>, `applied` counts them. */
export const PROBE_TALLY = 'PROBE-TALLY';

export const probeConsumer: StreamConsumer = {
  entry: 'test/support/stream-probe-consumer.ts',
  description: 'Test probe: tallies each PROBE# change once',
  keyPrefixes: [PROBE_PREFIX],
  events: ['INSERT', 'MODIFY'],
  batchSize: 10,
  table: 'read-write',
};
