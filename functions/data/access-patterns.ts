// Every access pattern of the city table, in code: the entity module that serves it, the functions
// that do, the index, and each key it uses, as the template docs/data-model.md shows and as the
// module's own key builder makes it for sample parts. test/unit/data-model.test.ts checks the doc's
// table against this list, each template against its builder, and every function the data modules
// export against the list, so none of them can drift. Read by that test only: no handler imports it.
import { apiKeyKeys } from './api-keys';
import { awardKeys } from './awards';
import { auditKeys } from './audit';
import { importKeys } from './imports';
import { badgeClassKeys } from './badge-classes';
import type { IndexName } from './client';
import { idempotencyPartition } from '../http/idempotency';
import { opportunityKeys } from './opportunities';
import { pathwayKeys } from './pathways';
import { providerKeys } from './providers';
import { spineKeys } from './skills';
import { streamEffectKeys } from './stream-effects';

export interface KeyUse {
  attribute: string;
  /** As the doc shows it: `<part>` stands for a part that varies. */
  template: string;
  /** What the module's key builder makes of sample parts; absent where the module has no builder yet. */
  built?: string;
}

export interface AccessPattern {
  /** Its row in docs/data-model.md. */
  id: string;
  index: IndexName | 'table';
  module: `functions/${string}.ts`;
  /** The functions that serve it (for keys written ahead of their list: the ones that write them). */
  functions: string[];
  keys: KeyUse[];
  /** `keys written`: the items carry the keys, the route that reads them comes with a later issue. */
  status: 'built' | 'keys written';
}

const use = (attribute: string, template: string, built?: string): KeyUse => ({ attribute, template, ...(built !== undefined ? { built } : {}) });

const sampleAward = { id: 'abcdefghijklmnopqrstuvwxyz', createdAt: '2026-01-05T09:00:00.000Z' };
const sampleClass = { id: 'abcdefghijklmnop', createdAt: '2026-01-05T09:00:00.000Z' };
const sampleEntry = { at: '2026-01-05T09:00:00.000Z', requestId: 'req-1' };
const sampleCard = { id: 'abcdefghijklmnop', startsAt: '2026-01-05T09:00:00.000Z' };
const sampleOpportunity = { ...sampleCard, providerId: 'central-library', createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:00:00.000Z' };
const samplePathway = { id: 'abcdefghijklmnop', name: 'Into Engineering' };
const sampleKey = { prefix: 'abcdefghijkl', createdAt: '2026-01-05T09:00:00.000Z' };

export const accessPatterns: AccessPattern[] = [
  { id: '1', index: 'table', module: 'functions/data/skills.ts', functions: ['getSpine'], keys: [use('pk', 'SPINE', spineKeys.partition())], status: 'built' },
  {
    id: '2',
    index: 'table',
    module: 'functions/data/skills.ts',
    functions: ['getSkill'],
    keys: [use('pk', 'SPINE', spineKeys.skill('coding').pk), use('sk', 'SKILL#<skillId>', spineKeys.skill('coding').sk)],
    status: 'built',
  },
  { id: '3', index: 'table', module: 'functions/data/skills.ts', functions: ['putSpine'], keys: [use('pk', 'SPINE', spineKeys.meta().pk)], status: 'built' },
  {
    id: '4',
    index: 'table',
    module: 'functions/data/providers.ts',
    functions: ['getProvider', 'createProvider', 'updateProvider'],
    keys: [use('pk', 'PROVIDER#<providerId>', providerKeys.profile('central-library').pk), use('sk', 'PROFILE', providerKeys.profile('central-library').sk)],
    status: 'built',
  },
  {
    id: '5',
    index: 'gsi1',
    module: 'functions/data/providers.ts',
    functions: ['createProvider', 'listProviders'],
    keys: [use('gsi1pk', 'PROVIDERS', providerKeys.all.partition()), use('gsi1sk', '<providerId>', providerKeys.all.sort({ id: 'central-library' }))],
    status: 'built',
  },
  {
    id: '6',
    index: 'table',
    module: 'functions/data/badge-classes.ts',
    functions: ['getBadgeClass'],
    keys: [use('pk', 'BADGECLASS#<id>', badgeClassKeys.current(sampleClass.id).pk), use('sk', 'CURRENT', badgeClassKeys.current(sampleClass.id).sk)],
    status: 'built',
  },
  {
    id: '7',
    index: 'table',
    module: 'functions/data/badge-classes.ts',
    functions: ['getBadgeClassVersion', 'putBadgeClassVersion'],
    keys: [use('pk', 'BADGECLASS#<id>', badgeClassKeys.version(sampleClass.id, 3).pk), use('sk', 'VERSION#<000000n>', badgeClassKeys.version(sampleClass.id, 3).sk)],
    status: 'built',
  },
  {
    id: '8',
    index: 'gsi1',
    module: 'functions/data/badge-classes.ts',
    functions: ['listBadgeClassesByProvider'],
    keys: [
      use('gsi1pk', 'PROVIDER#<providerId>#CLASSES', badgeClassKeys.byProvider.partition('central-library')),
      use('gsi1sk', '<createdAt>#<id>', badgeClassKeys.byProvider.sort(sampleClass)),
    ],
    status: 'built',
  },
  // Awards (9-13) and imports (19-19b) as their modules write them today; their modules get key builders next.
  { id: '9', index: 'table', module: 'functions/data/awards.ts', functions: ['getAward', 'putAward', 'awardExists'], keys: [use('pk', 'AWARD#<awardId>', awardKeys.award(sampleAward.id).pk), use('sk', 'AWARD', awardKeys.award(sampleAward.id).sk)], status: 'built' },
  {
    id: '10',
    index: 'gsi1',
    module: 'functions/data/awards.ts',
    functions: ['listAwardsByBadgeClass'],
    keys: [use('gsi1pk', 'BADGECLASS#<id>#AWARDS', awardKeys.byBadgeClass.partition(sampleClass.id)), use('gsi1sk', '<createdAt>#<awardId>', awardKeys.byBadgeClass.sort(sampleAward))],
    status: 'built',
  },
  {
    id: '11',
    index: 'gsi2',
    module: 'functions/data/awards.ts',
    functions: ['listAwardsByProvider'],
    keys: [use('gsi2pk', 'PROVIDER#<providerId>#AWARDS', awardKeys.byProvider.partition('central-library')), use('gsi2sk', '<createdAt>#<awardId>', awardKeys.byProvider.sort(sampleAward))],
    status: 'built',
  },
  {
    id: '12',
    index: 'gsi3',
    module: 'functions/data/awards.ts',
    functions: ['putAward'],
    keys: [use('gsi3pk', 'RECIPIENT#<HMAC-SHA256(recipient key, email)>', awardKeys.byRecipient.partition('0f3a9c')), use('gsi3sk', '<createdAt>#<awardId>', awardKeys.byRecipient.sort(sampleAward))],
    status: 'keys written',
  },
  {
    id: '12a',
    index: 'table',
    module: 'functions/data/awards.ts',
    functions: ['putAward', 'heldAward', 'revokeAward'],
    keys: [use('pk', 'HOLDER#<badgeClassId>#<recipient HMAC>', awardKeys.holder(sampleClass.id, '0f3a9c').pk), use('sk', 'HOLDER', awardKeys.holder(sampleClass.id, '0f3a9c').sk)],
    status: 'built',
  },
  {
    id: '13',
    index: 'table',
    module: 'functions/data/awards.ts',
    functions: ['allocatedIndices', 'revokeAward', 'revokedIndices'],
    keys: [
      use('pk', 'STATUSLIST#<providerId>', awardKeys.statusList('central-library').pk),
      use('sk', 'LIST', awardKeys.statusList('central-library').sk),
      use('sk', 'REVOKED#<index>', awardKeys.revoked('central-library', 42).sk),
    ],
    status: 'built',
  },
  {
    id: '13a',
    index: 'table',
    module: 'functions/data/awards.ts',
    functions: ['claimStatusIndex'],
    keys: [use('pk', 'STATUSINDEX#<providerId>#<index>', awardKeys.statusIndex('central-library', 42).pk), use('sk', 'CLAIM', awardKeys.statusIndex('central-library', 42).sk)],
    status: 'built',
  },
  {
    id: '14',
    index: 'table',
    module: 'functions/data/api-keys.ts',
    functions: ['getApiKey', 'isApiKeyRevoked', 'putApiKey', 'revokeApiKey', 'touchApiKey'],
    keys: [use('pk', 'APIKEY#<prefix>', apiKeyKeys.record(sampleKey.prefix).pk), use('sk', 'KEY', apiKeyKeys.record(sampleKey.prefix).sk)],
    status: 'built',
  },
  {
    id: '15',
    index: 'gsi1',
    module: 'functions/data/api-keys.ts',
    functions: ['putApiKey'],
    keys: [
      use('gsi1pk', 'OWNER#<providerId | city>#KEYS', apiKeyKeys.byOwner.partition(undefined)),
      use('gsi1sk', '<createdAt>#<prefix>', apiKeyKeys.byOwner.sort(sampleKey)),
    ],
    status: 'keys written',
  },
  // Powertools writes these records itself, under the static partition functions/http/idempotency.ts gives it.
  { id: '16', index: 'table', module: 'functions/http/idempotency.ts', functions: ['idempotency'], keys: [use('pk', 'IDEMPOTENCY#<0-f>', idempotencyPartition('sample'))], status: 'built' },
  {
    id: '17',
    index: 'table',
    module: 'functions/data/audit.ts',
    functions: ['putAuditEntry', 'listAuditEntries'],
    keys: [use('pk', 'AUDIT#<yyyy-mm>', auditKeys.entry(sampleEntry).pk), use('sk', '<timestamp>#<requestId>', auditKeys.entry(sampleEntry).sk)],
    status: 'built',
  },
  {
    id: '18',
    index: 'gsi1',
    module: 'functions/data/audit.ts',
    functions: ['putAuditEntry'],
    keys: [
      use('gsi1pk', 'PROVIDER#<providerId>#AUDIT', auditKeys.byProvider.partition('central-library')),
      use('gsi1sk', '<timestamp>#<requestId>', auditKeys.byProvider.sort(sampleEntry)),
    ],
    status: 'keys written',
  },
  {
    id: '19',
    index: 'table',
    module: 'functions/data/imports.ts',
    functions: ['putImportJob', 'getImportJob', 'markImportRunning', 'checkpointImport', 'finishImport'],
    keys: [use('pk', 'JOB#<jobId>', importKeys.job('jobid').pk), use('sk', 'JOB', importKeys.job('jobid').sk)],
    status: 'built',
  },
  {
    id: '19c',
    index: 'table',
    module: 'functions/data/imports.ts',
    functions: ['getLanePosition', 'checkpointImport'],
    keys: [use('pk', 'JOB#<jobId>', importKeys.lane('jobid', 2).pk), use('sk', 'LANE#<lane>', importKeys.lane('jobid', 2).sk)],
    status: 'built',
  },
  { id: '19a', index: 'table', module: 'functions/data/imports.ts', functions: ['checkpointImport', 'listImportProblems'], keys: [use('pk', 'JOB#<jobId>', importKeys.row('jobid', 7).pk), use('sk', 'ROW#<row, 9 digits>', importKeys.row('jobid', 7).sk)], status: 'built' },
  {
    id: '19b',
    index: 'gsi1',
    module: 'functions/data/imports.ts',
    functions: ['putImportJob'],
    keys: [
      use('gsi1pk', 'PROVIDER#<providerId>#IMPORTS', importKeys.byProvider.partition('central-library')),
      use('gsi1sk', '<createdAt>#<jobId>', importKeys.byProvider.sort({ createdAt: '2026-01-05T09:00:00.000Z', id: 'jobid' })),
    ],
    status: 'keys written',
  },
  { id: '20', index: 'table', module: 'functions/data/opportunities.ts', functions: ['getOpportunity', 'putOpportunity', 'listedItems'], keys: [use('pk', 'OPPORTUNITY#<id>', opportunityKeys.item(sampleCard.id).pk), use('sk', 'OPPORTUNITY', opportunityKeys.item(sampleCard.id).sk)], status: 'built' },
  { id: '21', index: 'gsi1', module: 'functions/data/opportunities.ts', functions: ['searchOpportunities'], keys: [use('gsi1pk', 'SKILL#<skillId>#OPPS', opportunityKeys.bySkill('coding', sampleCard).gsi1pk), use('gsi1sk', '<startsAt>#<id>', opportunityKeys.bySkill('coding', sampleCard).gsi1sk)], status: 'built' },
  { id: '22', index: 'gsi2', module: 'functions/data/opportunities.ts', functions: ['searchOpportunities'], keys: [use('gsi2pk', 'GEO#<geohash, 4 chars ≈ 39 × 20 km>', opportunityKeys.byPlace('gcqdxyzab', sampleCard.id).gsi2pk), use('gsi2sk', '<geohash, 9 chars>#<id>', opportunityKeys.byPlace('gcqdxyzab', sampleCard.id).gsi2sk)], status: 'built' },
  { id: '26', index: 'gsi3', module: 'functions/data/opportunities.ts', functions: ['searchOpportunities'], keys: [use('gsi3pk', 'OPPS#LISTED', opportunityKeys.listed(sampleCard).gsi3pk), use('gsi3sk', '<startsAt>#<id>', opportunityKeys.listed(sampleCard).gsi3sk)], status: 'built' },
  { id: '27', index: 'gsi3', module: 'functions/data/opportunities.ts', functions: ['searchOpportunities'], keys: [use('gsi3pk', 'TERM#<Porter stem>', opportunityKeys.byTerm('robot', sampleCard).gsi3pk), use('gsi3sk', '<startsAt>#<id>', opportunityKeys.byTerm('robot', sampleCard).gsi3sk)], status: 'built' },
  { id: '28', index: 'gsi1', module: 'functions/data/opportunities.ts', functions: ['listOpportunitiesByProvider'], keys: [use('gsi1pk', 'PROVIDER#<providerId>#OPPS', opportunityKeys.byProvider(sampleOpportunity).gsi1pk), use('gsi1sk', '<createdAt>#<id>', opportunityKeys.byProvider(sampleOpportunity).gsi1sk)], status: 'built' },
  { id: '29', index: 'gsi2', module: 'functions/data/opportunities.ts', functions: ['readFeed'], keys: [use('gsi2pk', 'OPPS#FEED', opportunityKeys.feed(sampleOpportunity).gsi2pk), use('gsi2sk', '<updatedAt, 15-digit epoch ms>#<id>', opportunityKeys.feed(sampleOpportunity).gsi2sk)], status: 'built' },

  { id: '23', index: 'table', module: 'functions/data/pathways.ts', functions: ['getPathway', 'putPathway', 'publishPathway', 'archivePathway'], keys: [use('pk', 'PATHWAY#<id>', pathwayKeys.item(samplePathway.id).pk), use('sk', 'PATHWAY', pathwayKeys.item(samplePathway.id).sk)], status: 'built' },
  { id: '23a', index: 'table', module: 'functions/data/pathways.ts', functions: ['getPathwayVersion', 'publishPathway'], keys: [use('pk', 'PATHWAY#<id>', pathwayKeys.version(samplePathway.id, 2).pk), use('sk', 'VERSION#<000000n>', pathwayKeys.version(samplePathway.id, 2).sk)], status: 'built' },
  { id: '24', index: 'gsi1', module: 'functions/data/pathways.ts', functions: ['listPathwaysBySkill', 'publishPathway'], keys: [use('gsi1pk', 'SKILL#<skillId>#PATHWAYS', pathwayKeys.bySkill('coding', samplePathway).gsi1pk), use('gsi1sk', '<name, folded>#<id>', pathwayKeys.bySkill('coding', samplePathway).gsi1sk)], status: 'built' },
  { id: '24a', index: 'gsi3', module: 'functions/data/pathways.ts', functions: ['listPublishedPathways', 'publishPathway'], keys: [use('gsi3pk', 'PATHWAYS#PUBLISHED', pathwayKeys.listed(samplePathway).gsi3pk), use('gsi3sk', '<name, folded>#<id>', pathwayKeys.listed(samplePathway).gsi3sk)], status: 'built' },
  { id: '24b', index: 'gsi2', module: 'functions/data/pathways.ts', functions: ['rulesWithBadgeClass', 'milestoneRulesFor', 'publishPathway'], keys: [use('gsi2pk', 'BADGECLASS#<badgeClassId>#PATHWAYS', pathwayKeys.byBadgeClass(sampleClass.id, samplePathway.id).gsi2pk), use('gsi2sk', '<pathwayId>', pathwayKeys.byBadgeClass(sampleClass.id, samplePathway.id).gsi2sk)], status: 'built' },
  {
    id: '30',
    index: 'table',
    module: 'functions/data/stream-effects.ts',
    functions: ['writeEffectOnce'],
    keys: [use('pk', 'EFFECT#<consumer>#<effectId>', streamEffectKeys.marker('milestones', 'e1').pk), use('sk', 'EFFECT', streamEffectKeys.marker('milestones', 'e1').sk)],
    status: 'built',
  },];
