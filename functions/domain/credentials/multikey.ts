// An Ed25519 public key as a Multikey `publicKeyMultibase`: multibase base58btc ('z') of the
// ed25519-pub multicodec prefix (varint 0xed, i.e. bytes 0xed 0x01) followed by the 32 raw key bytes,
// which is why every such key starts with "z6Mk".
import type { KeyObject } from 'node:crypto';

const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01);
const BASE58_BTC = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * Takes a public KeyObject: from a PEM private key `createPublicKey(pem)`, from KMS GetPublicKey
 * `createPublicKey({ key: der, format: 'der', type: 'spki' })`.
 */
export function publicKeyMultibase(publicKey: KeyObject): string {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`Expected an Ed25519 key, got ${publicKey.asymmetricKeyType}`);
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return `z${base58btc(Buffer.concat([ED25519_PUB_MULTICODEC, raw]))}`;
}

/** Base58 (Bitcoin alphabet), unprefixed. Big-number base conversion: keys are 34 bytes and signatures
 * 64, so the quadratic loop costs nothing. */
export function base58btc(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i]! << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    for (; carry > 0; carry = Math.floor(carry / 58)) digits.push(carry % 58);
  }
  // Each leading zero byte is written as a leading '1'.
  const zeros = bytes.findIndex((b) => b !== 0);
  const leading = '1'.repeat(zeros === -1 ? bytes.length : zeros);
  return leading + digits.reverse().map((d) => BASE58_BTC[d]).join('');
}
