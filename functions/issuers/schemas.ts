import * as z from 'zod/mini';
import { providerId } from '../domain/providers';

/**
 * The path of every route under `/issuers/{issuerId}` (and `/status-lists/{issuerId}`): public URLs keep
 * Open Badges' word, and the value is a provider's id (docs/data-model.md, "Names").
 */
export const ProviderParams = z.object({ issuerId: providerId });

/** The old name, kept while functions/awards (being refactored elsewhere) still imports it. */
export const IssuerParams = ProviderParams;
