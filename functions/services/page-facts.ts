// What a public page names of other entities (a provider's name, the spine's skills, a badge class; a badge page's what next),
// kept by each Lambda container for PAGE_FACTS_TTL_MS: an opportunity's page then reads only the
// opportunity itself, one round trip, whenever its container has shown the same provider, spine and
// classes in the last half minute. A change is seen by such pages within PAGE_FACTS_TTL_MS, and by a
// reader within that plus the page's 60 s CloudFront cache; why that is accepted and why not written
// into the opportunity instead: docs/performance.md, "The opportunity page". Only for pages: a write
// checks what it points at against the table itself (an archived class is refused at once).
import { LRUCache } from 'lru-cache';
import { getBadgeClass } from '../data/badge-classes';
import { getProvider } from '../data/providers';
import { getSpine } from '../data/skills';

/** How long a container shows a fact after reading it; well inside the page's own 60 s cache. */
export const PAGE_FACTS_TTL_MS = 30_000;

/**
 * A read of `load` kept for PAGE_FACTS_TTL_MS, at most `max` keys (least recently used dropped). Requests
 * for a key being read share that read; a failed read is not kept, nor is "there is none" (undefined):
 * a missing provider or class is read again, so it shows as soon as it exists. `context`: what the read
 * needs beyond its key (given by the request that misses; later requests share what it read).
 */
export function kept<V extends object, C = undefined>(max: number, load: (key: string, context: C) => Promise<V | undefined>): (key: string, context?: C) => Promise<V | undefined> {
  const cache = new LRUCache<string, V, unknown>({ max, ttl: PAGE_FACTS_TTL_MS, fetchMethod: (key, _stale, { context }) => load(key, context as C) });
  return (key, context) => cache.fetch(key, { context });
}

// A city has hundreds of providers and some thousands of badge classes; a container keeps the ones its
// pages showed lately, a few KB each.
export const pageProvider = kept(1_000, getProvider);
export const pageBadgeClass = kept(2_000, getBadgeClass);
const spine = kept(1, () => getSpine());
export const pageSpine = async () => (await spine('spine'))!;
