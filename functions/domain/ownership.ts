// A provider acts only for itself; a city admin for every provider. Someone else's provider answers
// "not found", exactly like one that does not exist, so ids cannot be probed.
import type { Principal } from './api-keys';
import { notFound } from './errors';

export function assertActsFor(principal: Principal, providerId: string, what: string): void {
  if (principal.role === 'city-admin') return;
  if (principal.providerId !== providerId) throw notFound(what);
}
