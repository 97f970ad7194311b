// Milestone badges on the local city. (1) Stream lag: a learner is awarded a pathway's two steps through
// the API, and the time from the second award's answer until its milestone can be read through the API
// (GET /badge-classes/{milestone}/awards), one learner at a time. (2) Evaluation cost per award event:
// the milestone service (functions/services/milestones.ts), run in this process against the city's
// DynamoDB Local, for an award of a step whose rule is not met yet, first with 10 rules in the city and
// then with 1,000 (bulk-loaded into the index of rules by component as publishing writes it, naming
// other badge classes): flat, because the rules are found by the awarded class, never by reading them all.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cityEnvironment } from '../definitions/city-env';
import { streamConsumers } from '../definitions/consumers';
import { consumerGrants, grantedEnvironment, localResourceEnvironments } from '../definitions/function-grants';
import { loadCityConfig } from '../local/city';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { loadLocalSecrets } from '../local/secrets';
import { httpRequest, timed } from './http';
import { report, summarise } from './stats';

const LEARNERS = 40;
const SAMPLES = 200;
const TABLE = 'city-demo';

export async function benchMilestones(): Promise<boolean> {
  let allMet = true;
  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN', ACCESS_LOG: 'false' } });
  const providerKey = new RegExp('Provider central-library\\s+(col_\\S+)').exec(city.output())![1]!;
  const send = async (method: string, path: string, body?: unknown) => {
    const { status, body: text } = await httpRequest(`${city.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as { id: string; items: { id: string }[] };
  };
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  try {
    const newClass = (name: string) => send('POST', '/badge-classes', { name, description: `${name}.`, criteria: { narrative: 'Do it.' } });
    const [a, b, milestone] = await Promise.all([newClass('Bench step one'), newClass('Bench step two'), newClass('Bench pathway done')]);
    const pathway = await send('POST', '/pathways', {
      name: 'Bench pathway',
      description: 'Two steps.',
      skills: ['creativity'],
      rule: { type: 'group', of: [{ type: 'badge-class', badgeClassId: a.id }, { type: 'badge-class', badgeClassId: b.id }] },
      milestoneBadgeClassId: milestone.id,
    });
    await send('POST', `/pathways/${pathway.id}/publish`);

    // (1) Stream lag, award to milestone.
    const lags: number[] = [];
    for (let i = 0; i < LEARNERS; i++) {
      const email = `bench-${randomBytes(5).toString('hex')}@example.org`;
      await send('POST', `/badge-classes/${a.id}/awards`, { recipient: { email } });
      // Milestones of this class come from this loop alone, one per learner: a new newest one is this learner's.
      const newest = async () => (await send('GET', `/badge-classes/${milestone.id}/awards?limit=1`)).items[0]?.id;
      const before = await newest();
      await send('POST', `/badge-classes/${b.id}/awards`, { recipient: { email } });
      const awarded = performance.now();
      while ((await newest()) === before) {
        if (performance.now() - awarded > 30_000) throw new Error('no milestone 30 s after the award');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      lags.push(performance.now() - awarded);
    }
    const lag = summarise(lags);
    allMet = report('stream lag, award to milestone (local)', `p50 ${lag.p50.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms`, 'p50 <= 1000 ms, p99 <= 3000 ms', lag.p50 <= 1000 && lag.p99 <= 3000) && allMet;

    // (2) Evaluation cost per award event, in this process, as the consumer runs it.
    const config = loadCityConfig('demo');
    const secrets = loadLocalSecrets(join(dataDir, 'demo', 'secrets.json'));
    Object.assign(process.env, {
      ...cityEnvironment(config, city.url),
      ...grantedEnvironment(
        consumerGrants(streamConsumers.milestones),
        localResourceEnvironments({ tableName: TABLE, bucketName: `city-${config.id}-badges`, citySecret: secrets.citySecret, signingKeyPem: secrets.signingKeyPem, importQueueUrl: '', mailFrom: '', mailConfigurationSet: '', oidcIssuer: '', oidcClientId: '', userPoolId: '' }),
      ),
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${city.ports.dynamoDbPort}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const { awardMilestones } = await import('../functions/services/milestones');
    const { recipientKey } = await import('../functions/services/recipients');
    const { heldAward } = await import('../functions/data/awards');
    const email = `bench-eval-${randomBytes(5).toString('hex')}@example.org`;
    await send('POST', `/badge-classes/${a.id}/awards`, { recipient: { email } });
    const key = await recipientKey(email);
    const change = { badgeClassId: a.id, recipientKey: key, awardId: (await heldAward(a.id, key))! };
    const evaluate = async () => {
      const outcomes = await awardMilestones(change, new Date());
      if (outcomes.length !== 1 || outcomes[0]!.status !== 'not-met') throw new Error(`unexpected outcome ${JSON.stringify(outcomes)}`);
    };
    let loaded = 1;
    const loadRules = async (total: number) => {
      for (; loaded < total; ) {
        const batch = Array.from({ length: Math.min(25, total - loaded) }, () => {
          const id = randomBytes(10).toString('hex').slice(0, 16).replace(/[0189]/g, 'a');
          const step = id.split('').reverse().join('');
          loaded++;
          return {
            PutRequest: {
              Item: {
                pk: `PATHWAY#${id}`,
                sk: `RULE#${step}`,
                gsi2pk: `BADGECLASS#${step}#PATHWAYS`,
                gsi2sk: id,
                pathwayId: id,
                name: `Other pathway ${loaded}`,
                version: 1,
                rule: { type: 'badge-class', badgeClassId: step },
                milestoneBadgeClassId: milestone.id,
              },
            },
          };
        });
        await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: batch } }));
      }
    };
    const costs: Record<number, ReturnType<typeof summarise>> = {};
    for (const total of [10, 1000]) {
      await loadRules(total);
      await timed(20, evaluate);
      costs[total] = summarise(await timed(SAMPLES, evaluate));
    }
    const ratio = costs[1000]!.p50 / costs[10]!.p50;
    console.log(`        evaluation per award event p50: ${costs[10]!.p50.toFixed(2)} ms with 10 rules, ${costs[1000]!.p50.toFixed(2)} ms with 1,000 (p99 ${costs[10]!.p99.toFixed(2)} / ${costs[1000]!.p99.toFixed(2)} ms)`);
    allMet = report('milestone evaluation, 1,000 rules / 10 rules', `${ratio.toFixed(2)}x p50`, '<= 1.2x (flat)', ratio <= 1.2) && allMet;
    allMet = report('milestone evaluation per award event', `p50 ${costs[1000]!.p50.toFixed(1)} ms`, '<= 25 ms', costs[1000]!.p50 <= 25) && allMet;
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return allMet;
}
