// Learners' sessions: pk SESSION#<sha256 of the session id>, sk SESSION; a learner's sessions on gsi1
// (LEARNER#<learnerId>#SESSIONS), so that "sign out everywhere" and account deletion end every one.
// TTL at the absolute expiry: DynamoDB removes what the idle check already refuses.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { SESSION_ABSOLUTE_MS, SessionSchema, type Session } from '../domain/learner-sessions';
import { db, indexKey, cityTable } from './client';
import { queryAll } from './pages';

/** Every key a session is stored or listed under. */
export const sessionKeys = {
  session: (hash: string) => ({ pk: `SESSION#${hash}`, sk: 'SESSION' }),
  /** A sign-in in progress, by the SHA-256 of its OAuth `state` (the browser holds the state itself, in a cookie). */
  signInFlow: (stateHash: string) => ({ pk: `SIGNIN#${stateHash}`, sk: 'SIGNIN' }),
  byLearner: indexKey('gsi1', (learnerId: string) => `LEARNER#${learnerId}#SESSIONS`, (session: Pick<Session, 'createdAt' | 'hash'>) => `${session.createdAt}#${session.hash}`),
};

const ttl = (session: Session) => Math.ceil((Date.parse(session.createdAt) + SESSION_ABSOLUTE_MS) / 1000);

export async function putSession(session: Session): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: { ...sessionKeys.session(session.hash), ...sessionKeys.byLearner.attributes(session, session.learnerId), ...session, expiresAt: ttl(session) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Strongly consistent: a session ended a moment ago must not sign anyone in. */
export async function getSession(hash: string): Promise<Session | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: sessionKeys.session(hash), ConsistentRead: true }));
  return Item ? SessionSchema.parse(Item) : undefined;
}

/** Moves the idle clock; a session ended meanwhile stays ended (the condition keeps it from coming back). */
export async function touchSession(hash: string, now: Date): Promise<void> {
  await db
    .send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: sessionKeys.session(hash),
        UpdateExpression: 'SET lastSeenAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

export async function deleteSession(hash: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: cityTable.name, Key: sessionKeys.session(hash) }));
}

/** Ends every session of the learner (a learner has a handful: one per device); answers how many. */
export async function deleteLearnerSessions(learnerId: string): Promise<number> {
  const sessions = await queryAll({
    IndexName: sessionKeys.byLearner.index,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': sessionKeys.byLearner.partition(learnerId) },
    ProjectionExpression: 'pk, sk',
  });
  for (const item of sessions) await db.send(new DeleteCommand({ TableName: cityTable.name, Key: { pk: item.pk, sk: item.sk } }));
  return sessions.length;
}

export const SignInFlowSchema = z.object({
  nonce: z.string(),
  codeVerifier: z.string(),
  /** Where to go afterwards: a path of this city. */
  next: z.string(),
  expiresAt: z.number(),
});
export type SignInFlow = z.infer<typeof SignInFlowSchema>;

export async function putSignInFlow(stateHash: string, flow: SignInFlow): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...sessionKeys.signInFlow(stateHash), ...flow }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

/** Takes the flow once: a second callback with the same state finds nothing (a replayed code signs no one in). */
export async function takeSignInFlow(stateHash: string, now: Date): Promise<SignInFlow | undefined> {
  const { Attributes } = await db.send(new DeleteCommand({ TableName: cityTable.name, Key: sessionKeys.signInFlow(stateHash), ReturnValues: 'ALL_OLD' }));
  const flow = Attributes ? SignInFlowSchema.parse(Attributes) : undefined;
  return flow && flow.expiresAt * 1000 > now.getTime() ? flow : undefined;
}
