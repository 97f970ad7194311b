// Route group "claimCodes": providers make claim codes for their badge classes, list, read and revoke
// them, and print them as QR codes.
import type * as z from 'zod/mini';
import { readCity } from '../../definitions/city-env';
import { claimSetState, claimUrl, type ClaimSet } from '../domain/claim-codes';
import { renderClaimSheet } from '../domain/pages/claim-codes-print';
import { authenticatedRoute } from '../http/authenticated-route';
import { dispatch } from '../http/dispatch';
import { readPage } from '../http/pagination';
import { htmlPage, json } from '../http/reply';
import { badgeClassClaimSets, claimSetWithUses, createClaimSet, printableClaimSet, revokeClaimSetFor } from '../services/claim-codes';
import { contract, type ClaimSetSummarySchema } from './contract';

const city = readCity();

const summarise = (set: ClaimSet, now: Date): z.output<typeof ClaimSetSummarySchema> => ({
  id: set.id,
  badgeClassId: set.badgeClassId,
  label: set.label,
  kind: set.kind,
  codes: set.codes,
  usesPerCode: set.usesPerCode,
  validUntil: set.validUntil,
  forGuardians: set.forGuardians,
  state: claimSetState(set, now),
  revoked: set.revoked,
  createdAt: set.createdAt,
  links: { self: `${city.baseUrl}/claim-codes/${set.id}`, print: `${city.baseUrl}/claim-codes/${set.id}/print` },
});

const create = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/claim-codes'], async ({ params, body, principal }) => {
  const now = new Date();
  const { set, codes } = await createClaimSet(params.badgeClassId, body, principal, now);
  const summary = summarise(set, now);
  return json({ ...summary, claimCodes: codes.map((code) => ({ code, url: claimUrl(city.baseUrl, code) })) }, { status: 201, headers: { location: summary.links.self } });
});

const list = authenticatedRoute(contract['GET /badge-classes/{badgeClassId}/claim-codes'], async ({ params, query, principal }) => {
  const { list: name, read } = await badgeClassClaimSets(params.badgeClassId, principal);
  const page = await readPage(name, query, read);
  const now = new Date();
  return json({ ...page, items: page.items.map((set) => summarise(set, now)) });
});

const get = authenticatedRoute(contract['GET /claim-codes/{claimSetId}'], async ({ params, principal }) => {
  const { set, uses } = await claimSetWithUses(params.claimSetId, principal);
  return json({ ...summarise(set, new Date()), uses });
});

const print = authenticatedRoute(contract['GET /claim-codes/{claimSetId}/print'], async ({ params, principal }) => {
  const { set, badgeClass, providerName, codes } = await printableClaimSet(params.claimSetId, principal);
  return htmlPage(await renderClaimSheet({ city, set, badge: { name: badgeClass.name, providerName }, codes }));
});

const revoke = authenticatedRoute(contract['POST /claim-codes/{claimSetId}/revoke'], async ({ params, principal }) =>
  json(summarise(await revokeClaimSetFor(params.claimSetId, principal, new Date()), new Date())),
);

export const handler = dispatch('claimCodes', {
  'POST /badge-classes/{badgeClassId}/claim-codes': create,
  'GET /badge-classes/{badgeClassId}/claim-codes': list,
  'GET /claim-codes/{claimSetId}': get,
  'GET /claim-codes/{claimSetId}/print': print,
  'POST /claim-codes/{claimSetId}/revoke': revoke,
});
