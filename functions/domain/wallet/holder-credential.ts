// An award's Open Badges 3.0 credential as a wallet receives it: the same credential (its id, issuer,
// achievement, hashed-email identifier and revocation entry unchanged) with the holder's DID as
// credentialSubject.id, signed again by the issuer. OB 3.0 lets an AchievementSubject be identified by
// `id`, `identifier` or both; a wallet presents a credential whose subject is its own key, so the DID
// is what makes it the holder's (docs/wallets.md). Revoking the award revokes this copy too: it
// carries the same status list entry.
export function boundToHolder(credential: Record<string, unknown>, holder: string): Record<string, unknown> {
  const { proof: _proof, ...unsigned } = credential;
  return { ...unsigned, credentialSubject: { id: holder, ...(unsigned.credentialSubject as Record<string, unknown>) } };
}
