// Learners' verified addresses, sealed at rest: the one place they are sealed and opened. An address is
// sealed (AES-256-GCM under the city's key for learners' addresses, bound to its recipient key) under
// the key's current version and opened with the version it names (docs/operations.md, rotation). This
// module loads no sign-in client, so the claims group and the milestone consumer use it as the
// learners group does.
import { cityKeys } from '../auth/city-secret';
import { addressHolder, getAddress, getLearner, listAddresses } from '../data/learners';
import { DomainError } from '../domain/errors';
import { open, seal, sealedKeyId } from '../domain/sealed-text';

export const sealAddress = async (email: string, recipient: string) => seal(email, await cityKeys('sealed-addresses'), recipient);
export const openAddress = async (sealed: string, recipient: string) => open(sealed, await cityKeys('sealed-addresses', [sealedKeyId(sealed)]), recipient);

/**
 * The address a learner's claimed badges go to: the one they sign in with (verified by the identity
 * provider), else the first they verified. Opened only to make the award (and its email).
 */
export async function claimantAddress(learnerId: string): Promise<string> {
  const addresses = await listAddresses(learnerId);
  const address = addresses.find((a) => a.signIn) ?? addresses[0];
  if (!address) throw new DomainError('forbidden', 'Verify an email address in your passport first: badges are awarded to an address');
  return openAddress(address.sealedEmail, address.recipientKey);
}

/**
 * The address to tell about a badge awarded under `recipient` that names no address itself (a
 * milestone, awarded by the hash its contributing badges carry): the address behind that recipient
 * key, if a learner verified it in their passport and their account can act (an age band given; an
 * under-13's guardian has agreed). Undefined otherwise: the city holds no address for anyone else.
 */
export async function verifiedAddressOf(recipient: string): Promise<string | undefined> {
  const learnerId = await addressHolder(recipient);
  if (!learnerId) return undefined;
  const [account, address] = await Promise.all([getLearner(learnerId), getAddress(learnerId, recipient)]);
  if (account?.status !== 'active' || !address) return undefined;
  return openAddress(address.sealedEmail, recipient);
}
