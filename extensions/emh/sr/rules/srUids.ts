/**
 * UIDs for the SR. All are of the `2.25.<decimal UUID>` form (PS3.5 B.2), which needs no
 * registered root. Runs in the browser and in Node alike, so no node:crypto.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_UID = /^2\.25\.(0|[1-9]\d{0,38})$/;
const MAX_128 = (1n << 128n) - 1n;

function bytesToUid(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}

/** A fresh random UID (a version 4 UUID). */
export function randomUid(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytesToUid(bytes);
}

// FNV-1a, 128-bit: small, synchronous and deterministic; collisions are not a concern for
// the few hundred names of a case (they are not secret either).
const FNV_PRIME = 309485009821345068724781371n;
const FNV_OFFSET = 144066263297769815596495629667062367629n;

function nameHash(name: string): Uint8Array {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MAX_128;
  }
  // FNV only carries changes upwards; folding the high half down and multiplying again
  // spreads a change in the last character over every digit of the UID.
  for (let round = 0; round < 3; round += 1) {
    hash ^= hash >> 64n;
    hash = (hash * FNV_PRIME) & MAX_128;
  }
  const bytes = new Uint8Array(16);
  for (let i = 15; i >= 0; i -= 1) {
    bytes[i] = Number(hash & 0xffn);
    hash >>= 8n;
  }
  // Mark it a version 8 ("custom") UUID so it can never equal a random or time-based one.
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytes;
}

/** The same UID for the same name, always: e.g. the device observer UID of this viewer. */
export function nameUid(name: string): string {
  return bytesToUid(nameHash(name));
}

/**
 * The tracking unique identifier of an annotation, stable for the annotation: a UUID
 * annotationUID (what Cornerstone makes) maps to its own 2.25 form, so reading the SR back
 * gives the same annotationUID; anything else is hashed.
 */
export function annotationTrackingUid(annotationUID: string): string {
  if (UUID.test(annotationUID)) return `2.25.${BigInt(`0x${annotationUID.replace(/-/g, '')}`).toString(10)}`;
  return nameUid(`emh-annotation:${annotationUID}`);
}

/** The inverse for UIDs of the 2.25 form: the UUID they came from; null for any other UID. */
export function uuidOfUid(uid: string): string | null {
  const match = UUID_UID.exec(uid);
  if (!match) return null;
  const value = BigInt(match[1]);
  if (value > MAX_128) return null;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
