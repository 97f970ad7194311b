// Every access pattern of the city table, in code: the entity module that serves it, the functions
// that do, the index, and each key it uses, as the template docs/data-model.md shows and as the
// module's own key builder makes it for sample parts. test/unit/data-model.test.ts checks the doc's
// table against this list, each template against its builder, and every function the data modules
// export against the list, so none of them can drift. Read by that test only: no handler imports it.
import { apiKeyKeys } from './api-keys';
import { awardKeys } from './awards';
import { auditKeys } from './audit';
import { importKeys } from './imports';
import { demandKeys } from './labour-market';
import { badgeClassKeys } from './badge-classes';
import { claimCodeKeys } from './claim-codes';
import type { IndexName } from './client';
import { idempotencyPartition } from '../http/idempotency';
import { notificationKeys } from './notifications';
import { passportKeys } from './passport';
import { opportunityKeys } from './opportunities';
import { pathwayKeys } from './pathways';
import { walletKeys } from './wallet-offers';
import { providerKeys } from './providers';
import { spineKeys } from './skills';
import { streamEffectKeys } from './stream-effects';
import { guardianLinkKeys } from './guardian-links';
import { sessionKeys } from './learner-sessions';
import { learnerKeys } from './learners';
import { rateKeys } from './rate-limits';
import { insightsKeys } from './insights';

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
const sampleSession = { hash: 'a'.repeat(64), createdAt: '2026-01-05T09:00:00.000Z' };
const LEARNER_ID = 'abcdefghijklmnop';
const RECIPIENT = 'b'.repeat(64);

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
  { id: '9', index: 'table', module: 'functions/data/awards.ts', functions: ['getAward', 'putAward', 'awardExists', 'awardRecipientKey', 'replaceAwardProof'], keys: [use('pk', 'AWARD#<awardId>', awardKeys.award(sampleAward.id).pk), use('sk', 'AWARD', awardKeys.award(sampleAward.id).sk)], status: 'built' },
  { id: '9a', index: 'table', module: 'functions/data/awards.ts', functions: ['scanAwards'], keys: [use('sk', 'AWARD', awardKeys.award(sampleAward.id).sk)], status: 'built' },
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
    functions: ['putAward', 'listAwardsByRecipient', 'recipientAwardFacts', 'recipientKeyOfAward', 'awardPosition'],
    keys: [use('gsi3pk', 'RECIPIENT#<HMAC-SHA256(recipient key, email)>', awardKeys.byRecipient.partition('0f3a9c')), use('gsi3sk', '<createdAt>#<awardId>', awardKeys.byRecipient.sort(sampleAward))],
    status: 'built',
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
  { id: '30', index: 'gsi1', module: 'functions/data/opportunities.ts', functions: ['searchOpportunities'], keys: [use('gsi1pk', 'BADGECLASS#<badgeClassId>#OPPS', opportunityKeys.byBadgeClass(sampleClass.id, sampleCard).gsi1pk), use('gsi1sk', '<startsAt>#<id>', opportunityKeys.byBadgeClass(sampleClass.id, sampleCard).gsi1sk)], status: 'built' },
  { id: '31', index: 'gsi1', module: 'functions/data/opportunities.ts', functions: ['searchOpportunities'], keys: [use('gsi1pk', 'PROVIDER#<providerId>#LISTED', opportunityKeys.listedByProvider(sampleOpportunity).gsi1pk), use('gsi1sk', '<startsAt>#<id>', opportunityKeys.listedByProvider(sampleOpportunity).gsi1sk)], status: 'built' },
  {
    id: '32',
    index: 'gsi1',
    module: 'functions/data/badge-classes.ts',
    functions: ['listBadgeClassesBySkill', 'putBadgeClassVersion'],
    keys: [
      use('pk', 'BADGECLASS#<id>', badgeClassKeys.skill(sampleClass.id, 'coding').pk),
      use('sk', 'SKILL#<skillId>', badgeClassKeys.skill(sampleClass.id, 'coding').sk),
      use('gsi1pk', 'SKILL#<skillId>#CLASSES', badgeClassKeys.bySkill.partition('coding')),
      use('gsi1sk', '<createdAt>#<id>', badgeClassKeys.bySkill.sort(sampleClass)),
    ],
    status: 'built',
  },
  { id: '23', index: 'table', module: 'functions/data/pathways.ts', functions: ['getPathway', 'putPathway', 'publishPathway', 'archivePathway'], keys: [use('pk', 'PATHWAY#<id>', pathwayKeys.item(samplePathway.id).pk), use('sk', 'PATHWAY', pathwayKeys.item(samplePathway.id).sk)], status: 'built' },
  { id: '23a', index: 'table', module: 'functions/data/pathways.ts', functions: ['getPathwayVersion', 'publishPathway'], keys: [use('pk', 'PATHWAY#<id>', pathwayKeys.version(samplePathway.id, 2).pk), use('sk', 'VERSION#<000000n>', pathwayKeys.version(samplePathway.id, 2).sk)], status: 'built' },
  { id: '24', index: 'gsi1', module: 'functions/data/pathways.ts', functions: ['listPathwaysBySkill', 'publishPathway'], keys: [use('gsi1pk', 'SKILL#<skillId>#PATHWAYS', pathwayKeys.bySkill('coding', samplePathway).gsi1pk), use('gsi1sk', '<name, folded>#<id>', pathwayKeys.bySkill('coding', samplePathway).gsi1sk)], status: 'built' },
  { id: '24a', index: 'gsi3', module: 'functions/data/pathways.ts', functions: ['listPublishedPathways', 'publishPathway'], keys: [use('gsi3pk', 'PATHWAYS#PUBLISHED', pathwayKeys.listed(samplePathway).gsi3pk), use('gsi3sk', '<name, folded>#<id>', pathwayKeys.listed(samplePathway).gsi3sk)], status: 'built' },
  { id: '24b', index: 'gsi2', module: 'functions/data/pathways.ts', functions: ['rulesWithBadgeClass', 'milestoneRulesFor', 'publishPathway'], keys: [use('gsi2pk', 'BADGECLASS#<badgeClassId>#PATHWAYS', pathwayKeys.byBadgeClass(sampleClass.id, samplePathway.id).gsi2pk), use('gsi2sk', '<pathwayId>', pathwayKeys.byBadgeClass(sampleClass.id, samplePathway.id).gsi2sk)], status: 'built' },
  {
    id: '33',
    index: 'table',
    module: 'functions/data/stream-effects.ts',
    functions: ['writeEffectOnce'],
    keys: [use('pk', 'EFFECT#<consumer>#<effectId>', streamEffectKeys.marker('milestones', 'e1').pk), use('sk', 'EFFECT', streamEffectKeys.marker('milestones', 'e1').sk)],
    status: 'built',
  },
  {
    id: '60',
    index: 'table',
    module: 'functions/data/claim-codes.ts',
    functions: ['putClaimSet', 'getClaimSet', 'revokeClaimSet'],
    keys: [use('pk', 'CLAIMSET#<id>', claimCodeKeys.set(sampleClass.id).pk), use('sk', 'SET', claimCodeKeys.set(sampleClass.id).sk)],
    status: 'built',
  },
  {
    id: '60a',
    index: 'gsi1',
    module: 'functions/data/claim-codes.ts',
    functions: ['listClaimSetsByBadgeClass'],
    keys: [use('gsi1pk', 'BADGECLASS#<id>#CLAIMSETS', claimCodeKeys.byBadgeClass.partition(sampleClass.id)), use('gsi1sk', '<createdAt>#<id>', claimCodeKeys.byBadgeClass.sort(sampleClass))],
    status: 'built',
  },
  {
    id: '60b',
    index: 'table',
    module: 'functions/data/claim-codes.ts',
    functions: ['getClaimCode', 'reserveClaimUse', 'releaseClaimUse'],
    keys: [use('pk', 'CLAIMCODE#<SHA-256 of the code>', claimCodeKeys.code('0f3a9c').pk), use('sk', 'CODE', claimCodeKeys.code('0f3a9c').sk)],
    status: 'built',
  },
  {
    id: '60c',
    index: 'gsi1',
    module: 'functions/data/claim-codes.ts',
    functions: ['countClaimSetUses', 'putClaimSet'],
    keys: [use('gsi1pk', 'CLAIMSET#<setId>#CODES', claimCodeKeys.bySet.partition(sampleClass.id)), use('gsi1sk', '<index, 4 digits>', claimCodeKeys.bySet.sort({ index: 7 }))],
    status: 'built',
  },
  {
    id: '60d',
    index: 'table',
    module: 'functions/data/claim-codes.ts',
    functions: ['reserveClaimUse', 'releaseClaimUse'],
    keys: [use('pk', 'CLAIMCODE#<hash>', claimCodeKeys.use('0f3a9c', '7b2e').pk), use('sk', 'USE#<recipient HMAC>', claimCodeKeys.use('0f3a9c', '7b2e').sk)],
    status: 'built',
  },
  {
    id: '61',
    index: 'table',
    module: 'functions/data/wallet-offers.ts',
    functions: ['putWalletOffer', 'getWalletOffer', 'redeemWalletOffer', 'countTxCodeFailure'],
    keys: [use('pk', 'WALLETOFFER#<SHA-256 of the code>', walletKeys.offer('0f3a9c').pk), use('sk', 'OFFER', walletKeys.offer('0f3a9c').sk)],
    status: 'built',
  },
  {
    id: '61a',
    index: 'table',
    module: 'functions/data/wallet-offers.ts',
    functions: ['redeemWalletOffer', 'spendAccessToken', 'restoreAccessToken'],
    keys: [use('pk', 'WALLETTOKEN#<SHA-256 of the token>', walletKeys.token('0f3a9c').pk), use('sk', 'TOKEN', walletKeys.token('0f3a9c').sk)],
    status: 'built',
  },
  {
    id: '40',
    index: 'table',
    module: 'functions/data/learner-sessions.ts',
    functions: ['getSession', 'putSession', 'touchSession', 'deleteSession'],
    keys: [use('pk', 'SESSION#<sha256 of the session id>', sessionKeys.session(sampleSession.hash).pk), use('sk', 'SESSION', sessionKeys.session(sampleSession.hash).sk)],
    status: 'built',
  },
  {
    id: '41',
    index: 'gsi1',
    module: 'functions/data/learner-sessions.ts',
    functions: ['putSession', 'deleteLearnerSessions'],
    keys: [
      use('gsi1pk', 'LEARNER#<learnerId>#SESSIONS', sessionKeys.byLearner.partition(LEARNER_ID)),
      use('gsi1sk', '<createdAt>#<hash>', sessionKeys.byLearner.sort(sampleSession)),
    ],
    status: 'built',
  },
  {
    id: '42',
    index: 'table',
    module: 'functions/data/learner-sessions.ts',
    functions: ['putSignInFlow', 'takeSignInFlow'],
    keys: [use('pk', 'SIGNIN#<sha256 of the state>', sessionKeys.signInFlow('c'.repeat(64)).pk), use('sk', 'SIGNIN', sessionKeys.signInFlow('c'.repeat(64)).sk)],
    status: 'built',
  },
  {
    id: '43',
    index: 'table',
    module: 'functions/data/learners.ts',
    functions: ['getLearner', 'createLearner', 'updateLearner', 'learnerItems', 'deleteLearnerParts', 'deleteLearnerAccount'],
    keys: [use('pk', 'LEARNER#<learnerId>', learnerKeys.account(LEARNER_ID).pk), use('sk', 'ACCOUNT', learnerKeys.account(LEARNER_ID).sk)],
    status: 'built',
  },
  {
    id: '43a',
    index: 'gsi2',
    module: 'functions/data/learners.ts',
    functions: ['learnersDueForDeletion', 'createLearner', 'updateLearner'],
    keys: [
      use('gsi2pk', 'LEARNERS#DELETION-DUE', learnerKeys.deletionDue.partition()),
      use('gsi2sk', '<due>#<learnerId>', learnerKeys.deletionDue.sort({ at: '<due>', id: '<learnerId>' })),
    ],
    status: 'built',
  },
  {
    id: '43b',
    index: 'gsi1',
    module: 'functions/data/learners.ts',
    functions: ['childrenOfGuardian', 'createLearner', 'updateLearner'],
    keys: [use('gsi1pk', 'GUARDIAN#<recipient key>#CHILDREN', learnerKeys.byGuardian.partition(RECIPIENT)), use('gsi1sk', '<learnerId>', learnerKeys.byGuardian.sort({ id: LEARNER_ID }))],
    status: 'built',
  },
  {
    id: '44',
    index: 'table',
    module: 'functions/data/learners.ts',
    functions: ['learnerIdForSubject', 'linkSubject', 'createLearner'],
    keys: [use('pk', 'SUBJECT#<sha256 of issuer and subject>', learnerKeys.subject('d'.repeat(64)).pk), use('sk', 'SUBJECT', learnerKeys.subject('d'.repeat(64)).sk)],
    status: 'built',
  },
  {
    id: '45',
    index: 'table',
    module: 'functions/data/learners.ts',
    functions: ['listAddresses', 'getAddress', 'addAddress', 'removeAddress'],
    keys: [use('pk', 'LEARNER#<learnerId>', learnerKeys.address(LEARNER_ID, RECIPIENT).pk), use('sk', 'ADDRESS#<recipient key>', learnerKeys.address(LEARNER_ID, RECIPIENT).sk)],
    status: 'built',
  },
  {
    id: '46',
    index: 'table',
    module: 'functions/data/learners.ts',
    functions: ['addressHolder', 'addAddress', 'removeAddress'],
    keys: [use('pk', 'ADDRESS#<recipient key>', learnerKeys.addressOwner(RECIPIENT).pk), use('sk', 'OWNER', learnerKeys.addressOwner(RECIPIENT).sk)],
    status: 'built',
  },
  {
    id: '47',
    index: 'table',
    module: 'functions/data/learners.ts',
    functions: ['putVerification', 'getVerification', 'spendVerificationAttempt'],
    keys: [use('pk', 'LEARNER#<learnerId>', learnerKeys.verification(LEARNER_ID, RECIPIENT).pk), use('sk', 'VERIFY#<recipient key>', learnerKeys.verification(LEARNER_ID, RECIPIENT).sk)],
    status: 'built',
  },
  {
    id: '47a',
    index: 'table',
    module: 'functions/data/learners.ts',
    functions: ['putPendingClaim', 'listPendingClaims', 'deletePendingClaim'],
    keys: [use('pk', 'LEARNER#<learnerId>', learnerKeys.pendingClaim(LEARNER_ID, 'c'.repeat(64)).pk), use('sk', 'CLAIM#<code hash>', learnerKeys.pendingClaim(LEARNER_ID, 'c'.repeat(64)).sk)],
    status: 'built',
  },
  {
    id: '48',
    index: 'table',
    module: 'functions/data/rate-limits.ts',
    functions: ['takeRateToken'],
    keys: [use('pk', 'RATE#<scope>#<key>#<window start>', rateKeys.window('address-code', RECIPIENT, 1767600000).pk), use('sk', 'RATE', rateKeys.window('address-code', RECIPIENT, 1767600000).sk)],
    status: 'built',
  },
  {
    id: '49',
    index: 'table',
    module: 'functions/data/guardian-links.ts',
    functions: ['putGuardianLink', 'getGuardianLink', 'takeGuardianLink'],
    keys: [use('pk', 'GUARDIAN#<sha256 of the nonce>', guardianLinkKeys.link('e'.repeat(64)).pk), use('sk', 'LINK', guardianLinkKeys.link('e'.repeat(64)).sk)],
    status: 'built',
  },
  // Telling learners (40-42): the award email's outbox, add-to-passport links, mail blocks.
  {
    id: '50',
    index: 'table',
    module: 'functions/data/notifications.ts',
    functions: ['outboxItem', 'outboxExpiry', 'getOutboxEntry', 'deleteOutboxEntry'],
    keys: [use('pk', 'OUTBOX#<awardId>', notificationKeys.outbox(sampleAward.id).pk), use('sk', 'AWARD-EMAIL', notificationKeys.outbox(sampleAward.id).sk)],
    status: 'built',
  },
  {
    id: '51',
    index: 'table',
    module: 'functions/data/notifications.ts',
    functions: ['putPassportLink', 'getPassportLink', 'spendPassportLink'],
    keys: [use('pk', 'PASSPORTLINK#<SHA-256 of the token>', notificationKeys.passportLink('9b1e4d').pk), use('sk', 'LINK', notificationKeys.passportLink('9b1e4d').sk)],
    status: 'built',
  },
  {
    id: '52',
    index: 'table',
    module: 'functions/data/notifications.ts',
    functions: ['putUnsubscribe', 'putSuppression', 'mailBlock'],
    keys: [
      use('pk', 'MAILTO#<recipient HMAC>', notificationKeys.suppressed('0f3a9c').pk),
      use('sk', 'PROVIDER#<providerId>', notificationKeys.unsubscribed('0f3a9c', 'central-library').sk),
      use('sk', 'SUPPRESSED', notificationKeys.suppressed('0f3a9c').sk),
    ],
    status: 'built',
  },
  // The passport (43-45): the learner's word on each badge, and the public profile, in the learner's partition.
  {
    id: '53',
    index: 'table',
    module: 'functions/data/passport.ts',
    functions: ['putPassportEntry', 'listPassportEntries'],
    keys: [use('pk', 'LEARNER#<learnerId>', passportKeys.entry('learnerid', sampleAward.id).pk), use('sk', 'PASSPORT#<awardId>', passportKeys.entry('learnerid', sampleAward.id).sk)],
    status: 'built',
  },
  {
    id: '54',
    index: 'table',
    module: 'functions/data/passport.ts',
    functions: ['putShare', 'getShare', 'deleteShare'],
    keys: [use('pk', 'LEARNER#<learnerId>', passportKeys.share('learnerid').pk), use('sk', 'SHARE', passportKeys.share('learnerid').sk)],
    status: 'built',
  },
  {
    id: '55',
    index: 'gsi1',
    module: 'functions/data/passport.ts',
    functions: ['findShare'],
    keys: [use('gsi1pk', 'PROFILE#<profileId>', passportKeys.byProfile.partition('p7kd3mzq2xw5nb4ta6rcy2vh3e')), use('gsi1sk', 'PROFILE', passportKeys.byProfile.sort(undefined))],
    status: 'built',
  },

  // Labour-market demand a city admin uploads (issue 13): a pointer per set, the cells of each generation.
  {
    id: '70',
    index: 'table',
    module: 'functions/data/labour-market.ts',
    functions: ['demandSets', 'switchDemandSets', 'uploadedDemand'],
    keys: [use('pk', 'DEMAND', demandKeys.set('2026-Q1', 'Adzuna').pk), use('sk', 'SET#<period>#<source>', demandKeys.set('2026-Q1', 'Adzuna').sk)],
    status: 'built',
  },
  {
    id: '70a',
    index: 'table',
    module: 'functions/data/labour-market.ts',
    functions: ['putDemandCells', 'deleteDemandCells', 'uploadedDemand'],
    keys: [use('pk', 'DEMAND#<generation>', demandKeys.cell('abcdefghijklmnop', 'coding', 'E05000026').pk), use('sk', 'CELL#<skillId>#<area>', demandKeys.cell('abcdefghijklmnop', 'coding', 'E05000026').sk)],
    status: 'built',
  },
  // Insights (25-25c): the insights consumer's exact counters, attributions, learner markers and config.
  {
    id: '25',
    index: 'table',
    module: 'functions/data/insights.ts',
    functions: ['addToCounters', 'countLearner', 'readCounters'],
    keys: [use('pk', 'INSIGHTS#<period>#<shard>', insightsKeys.counter('M2026-01', 3, 'A|skill|coding|DEMO-CEN|13-15').pk), use('sk', '<measure>|<dimension>|<value>|<area>|<age band>', insightsKeys.counter('M2026-01', 3, '<measure>|<dimension>|<value>|<area>|<age band>').sk)],
    status: 'built',
  },
  {
    id: '25a',
    index: 'table',
    module: 'functions/data/insights.ts',
    functions: ['getAttribution', 'fixAttribution'],
    keys: [use('pk', 'INSIGHTS#AWARD#<awardId>', insightsKeys.attribution(sampleAward.id).pk), use('sk', 'ATTRIBUTION', insightsKeys.attribution(sampleAward.id).sk)],
    status: 'built',
  },
  {
    id: '25b',
    index: 'table',
    module: 'functions/data/insights.ts',
    functions: ['countLearner'],
    keys: [use('pk', 'INSIGHTS#LEARNER#<learnerId or recipient HMAC>', insightsKeys.marker(LEARNER_ID, 'ALL', 'x').pk), use('sk', '<period>|<cell>', insightsKeys.marker(LEARNER_ID, 'ALL', 'A|total|all|unknown|unknown').sk)],
    status: 'built',
  },
  {
    id: '25c',
    index: 'table',
    module: 'functions/data/insights.ts',
    functions: ['putInsightsConfig', 'getInsightsConfig'],
    keys: [use('pk', 'INSIGHTS#CONFIG', insightsKeys.config().pk), use('sk', 'CONFIG', insightsKeys.config().sk)],
    status: 'built',
  },
  {
    id: '25d',
    index: 'table',
    module: 'functions/data/insights.ts',
    functions: ['addPageEvent'],
    keys: [use('pk', 'INSIGHTS#<period>#<random shard 0-7>', insightsKeys.counter('M2026-01', 5, 'x').pk), use('sk', 'V|opportunity|<owner>:<id>|unknown|unknown', insightsKeys.counter('M2026-01', 5, 'V|opportunity|<owner>:<id>|unknown|unknown').sk)],
    status: 'built',
  },
];
