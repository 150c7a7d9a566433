/**
 * Deterministic DICOM UIDs.
 *
 * UIDs must be identical on every run (the truth file and tests refer to them) yet globally
 * unique. PS3.5 Annex B.2 allows "2.25." followed by the decimal form of a UUID; a name-based
 * UUID (RFC 4122 version 5, SHA-1) gives exactly that from a stable name.
 */
import { createHash } from 'node:crypto';

/** Namespace UUID for this generator (random once, fixed forever so the UIDs never change). */
const NAMESPACE = Buffer.from('3f1c7b2e9a4d4c58b6e20d5f8a917c43', 'hex');

/** `2.25.<decimal UUIDv5 of name>`; at most 44 characters, well under the 64-character limit. */
export function uidFor(name: string): string {
  const digest = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}
