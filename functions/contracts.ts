// Every route's contract, by route key: what it takes and what it answers. The route table says where
// a route is and who may call it; this says what goes in and out. Handlers are built from their
// group's contracts and the API document (functions/openapi/) from these, so the two cannot drift, and
// a route added to the table without a contract does not compile. Pure schemas: no runtime imports.
import type { RouteContract } from './http/contract';
import type { RouteKey } from '../definitions/routes';
import { contract as apiKeys } from './api-keys/contract';
import { contract as awards } from './awards/contract';
import { contract as badgeClasses } from './badge-classes/contract';
import { contract as badgeClassManagement } from './badge-classes/manage-contract';
import { contract as badges } from './badges/contract';
import { contract as claimCodes } from './claim-codes/contract';
import { contract as claims } from './claims/contract';
import { contract as imports } from './imports/contract';
import { contract as insights } from './insights/contract';
import { contract as issuers } from './issuers/contract';
import { contract as mailPreferences } from './mail-preferences/contract';
import { contract as labourMarket } from './labour-market/contract';
import { contract as learners } from './learners/contract';
import { contract as openapi } from './openapi/contract';
import { contract as opportunities } from './opportunities/contract';
import { contract as opportunityPublishing } from './opportunities/publishing-contract';
import { contract as passport } from './passport/contract';
import { contract as profiles } from './passport/profile-contract';
import { contract as pathways } from './pathways/contract';
import { contract as portal } from './portal/contract';
import { contract as skills } from './skills/contract';
import { contract as statusLists } from './status-lists/contract';
import { contract as system } from './system/contract';
import { contract as verify } from './verify/contract';
import { contract as wallet } from './wallet/contract';

export const contracts: Record<RouteKey, RouteContract> = {
  ...system,
  ...skills,
  ...issuers,
  ...badgeClasses,
  ...badgeClassManagement,
  ...awards,
  ...imports,
  ...badges,
  ...statusLists,
  ...openapi,
  ...verify,
  ...apiKeys,
  ...opportunities,
  ...opportunityPublishing,
  ...portal,
  ...mailPreferences,
  ...passport,
  ...profiles,
  ...pathways,
  ...claimCodes,
  ...claims,
  ...wallet,
  ...learners,
  ...labourMarket,
  ...insights,
};
