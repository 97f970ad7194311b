import * as z from 'zod/mini';
import { providerId } from '../domain/providers';

export const IssuerParams = z.object({ issuerId: providerId });
