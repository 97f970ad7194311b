// What the milestone tests stand on, in the in-memory table: a provider, step badge classes and a
// milestone badge class (all unique per learner), a published rule in the index of rules by component
// (as publishPathway writes it), awarding a step through the one awarding service, and handing the
// stream's holder records to the milestone consumer as Lambda would.
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { pathwayKeys } from '../../functions/data/pathways';
import type { BadgeClass } from '../../functions/domain/badge-classes';
import { badgeClassesOf, type Rule } from '../../functions/domain/pathway-rules';
import { badgeClass, classSvg, provider } from './award-fixtures';
import { context } from './events';
import type { FakeAws } from './fake-aws';

export const STEP_CLASSES = ['stepaaaaaaaaaaaa', 'stepbbbbbbbbbbbb', 'stepcccccccccccc', 'stepdddddddddddd'] as const;
export const MILESTONE_CLASS = 'milestoneaaaaaaa';

const classItem = (id: string, name: string): BadgeClass & { pk: string; sk: string } => ({
  ...badgeClass,
  id,
  name,
  image: { key: `badge-classes/${id}/v1.svg`, type: 'svg' },
  pk: `BADGECLASS#${id}`,
  sk: 'CURRENT',
});

/** The provider, the step classes, the milestone class (current and version 1 items) and their images. */
export function seedClasses(aws: FakeAws): void {
  aws.putItem({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  for (const [i, id] of [...STEP_CLASSES, MILESTONE_CLASS].entries()) {
    const item = classItem(id, id === MILESTONE_CLASS ? 'Pathway complete' : `Step ${i + 1}`);
    aws.putItem(item);
    aws.putItem({ ...item, sk: 'VERSION#000001' });
    aws.putObject(item.image.key, Buffer.from(classSvg));
  }
}

/** A published rule that awards `milestone`, as the index of rules by component holds it. */
export function publishRule(aws: FakeAws, pathwayId: string, rule: Rule, milestone = MILESTONE_CLASS, name = 'Test pathway'): void {
  for (const badgeClassId of badgeClassesOf(rule)) {
    aws.putItem({ pk: `PATHWAY#${pathwayId}`, sk: `RULE#${badgeClassId}`, ...pathwayKeys.byBadgeClass(badgeClassId, pathwayId), pathwayId, name, version: 1, rule, milestoneBadgeClassId: milestone });
  }
}

export type StreamHandler = (event: DynamoDBStreamEvent, ctx: typeof context) => Promise<DynamoDBBatchResponse>;

/** Hands `records` to the consumer as one batch. */
export const deliver = (handler: StreamHandler, records: DynamoDBRecord[]) => handler({ Records: records }, context);
