// The city's event stream and who consumes it: the table's change stream (DynamoDB Streams, new and old
// images) feeds each consumer in batches, through an event source mapping in AWS
// (lib/constructs/city-stream.ts) and through the local city's poller (local/stream.ts), both built from
// this table, so the two deliver the same records in the same way. A consumer is a Lambda of its own
// with the grants it declares here (definitions/function-grants.ts: consumerGrants), wrapped by
// functions/stream/consumer.ts, which makes every consumer idempotent. Pure data: no runtime imports.
// How to add one: README.md, "The event stream".

/** What a stream record says happened to an item. */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface StreamConsumer {
  /** Handler module, relative to the repository root; it exports `handler` (built with streamConsumer). */
  entry: string;
  description: string;
  /**
   * Which records reach the consumer: those whose partition key (`pk`) begins with one of these. Lambda
   * event filtering in AWS (records filtered out cost nothing and are not retried), the same test locally.
   */
  keyPrefixes: readonly string[];
  /** Which changes of those items. */
  events: readonly StreamEventName[];
  /** Records per invocation, at most (Lambda's and the local poller's batch size). */
  batchSize: number;
  table?: 'read' | 'read-write';
  bucket?: 'read' | 'read-write';
  /** Signs with the city's key (as the awards group does). */
  signs?: boolean;
  /** Uses keys derived from the city's secret (recipient keys, derived ids). */
  citySecret?: boolean;
  /** Sends mail from the city's address through its configuration set (as a route group's sendsMail). */
  sendsMail?: boolean;
  /** Lambda timeout; default 60 s. */
  timeoutSeconds?: number;
}

/**
 * How every consumer is fed, alike in AWS and locally. A record (and the records after it in its shard)
 * is retried until it succeeds, at most `maxRetries` times and for at most `maxRecordAgeSeconds`; a batch
 * that fails as a whole is split in two (bisect) so that one bad record cannot hold back the others;
 * what still fails goes to the consumer's dead-letter queue (AWS: an SQS on-failure destination, which
 * receives where the failed records are in the stream, not the records; locally: a file), and the
 * consumer moves on. Records of one item (one partition key) always arrive in order.
 */
export const streamDelivery = {
  /** Retries of a failing record before it is given up to the dead-letter queue. */
  maxRetries: 5,
  /** A record older than this is given up too: 6 hours, well inside the stream's 24-hour retention. */
  maxRecordAgeSeconds: 6 * 60 * 60,
  /** Lambda waits up to this long to fill a batch. */
  maxBatchingWindowSeconds: 1,
  /** How long the stream keeps records (DynamoDB Streams: 24 hours), the limit of any replay. */
  retentionHours: 24,
  /** How long an effect marker is kept (functions/data/stream-effects.ts): past any redelivery of its record. */
  effectMarkerDays: 7,
} as const;

export const DEFAULT_CONSUMER_TIMEOUT_SECONDS = 60;

export const streamConsumers = {
  milestones: {
    entry: 'functions/milestones/consumer.ts',
    description: 'Awards milestone badges when a learner completes a pathway',
    // Holder items (docs/data-model.md, 12a): put with each award of a unique badge class, removed by its revocation.
    keyPrefixes: ['HOLDER#'],
    events: ['INSERT', 'REMOVE'],
    batchSize: 25,
    // It awards as the awards group does: reads and writes the table, bakes into the bucket, signs,
    // and derives the milestone award's id from the city's secret; it opens the learner's passport
    // address (a key from the same secret) to write the milestone's email in its award's transaction.
    table: 'read-write',
    bucket: 'read-write',
    signs: true,
    citySecret: true,
    timeoutSeconds: 120,
  },
  notifications: {
    entry: 'functions/notifications/consumer.ts',
    description: 'Tells learners about their badges: sends each award email the award wrote to the outbox',
    // Outbox items (docs/data-model.md, 40), written in the award's own transaction. Their deletion
    // (sent, or expired by TTL) is not a change to act on.
    keyPrefixes: ['OUTBOX#'],
    events: ['INSERT'],
    batchSize: 10,
    // Reads the award, its class and provider and the learner's mail blocks, writes the passport link
    // and deletes the outbox item; opens the sealed address and signs the unsubscribe link.
    table: 'read-write',
    citySecret: true,
    sendsMail: true,
  },
  insights: {
    entry: 'functions/insights/consumer.ts',
    description: 'Counts awards, learners, supply and demand for the insights dashboard and open data',
    // Awards (made, and MODIFY for a revocation) and opportunities (every change moves supply). Their
    // other items under the same prefixes are filtered out by sort key in the consumer.
    // Claim codes' uses count the funnels' claims (the codes and sets under CLAIMCODE# are filtered out too).
    keyPrefixes: ['AWARD#', 'OPPORTUNITY#', 'CLAIMCODE#'],
    events: ['INSERT', 'MODIFY', 'REMOVE'],
    batchSize: 50,
    // Reads learners, badge classes, skills and opportunities and writes its counters; the city's
    // secret tells a milestone award by its derived id.
    table: 'read-write',
    citySecret: true,
  },
  heldClaims: {
    entry: 'functions/held-claims/consumer.ts',
    description: "Claims the badges held for an under-13 once their guardian agrees to the account",
    // Learners' items (docs/data-model.md, 43 and 47a): the consumer acts on an account whose status
    // went from awaiting-consent to active, and on a claim held for an account already active.
    keyPrefixes: ['LEARNER#'],
    events: ['INSERT', 'MODIFY'],
    batchSize: 10,
    // It claims as the claims group does: an award (baked, signed, under a derived id) and the audit entry.
    table: 'read-write',
    bucket: 'read-write',
    signs: true,
    citySecret: true,
    timeoutSeconds: 120,
  },
} as const satisfies Record<string, StreamConsumer>;

export type StreamConsumerName = keyof typeof streamConsumers;

/** Whether a record with this partition key and event reaches `consumer` (the event filter, as Lambda applies it). */
export const consumerWants = (consumer: Pick<StreamConsumer, 'keyPrefixes' | 'events'>, pk: string, event: StreamEventName): boolean =>
  consumer.events.includes(event) && consumer.keyPrefixes.some((prefix) => pk.startsWith(prefix));
