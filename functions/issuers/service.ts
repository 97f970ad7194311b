// The issuers group's service: a provider published as an Open Badges issuer (the 2.0 Issuer, and the
// 3.0 Profile that is also the city key's controller document). Creating and changing providers is the
// shared functions/services/providers.ts.
import { readCity } from '../../definitions/city-env';
import { issuerV2, profileV3 } from '../domain/openbadges/issuer';
import { requireProvider } from '../services/providers';
import { cityPublicKeyMultibase } from '../signing/city-key';

const { baseUrl } = readCity();

const issuer = (providerId: string) => requireProvider(providerId, `Issuer "${providerId}"`);

export const issuerProfileV2 = async (providerId: string) => issuerV2(await issuer(providerId), baseUrl);

// The provider first: an unknown id is a 404 without asking KMS for the key.
export const issuerProfileV3 = async (providerId: string) => profileV3(await issuer(providerId), baseUrl, await cityPublicKeyMultibase());
