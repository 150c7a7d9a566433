/**
 * Tracking UIDs are random (one per lesion, made when it is), so two stores built by the same
 * steps differ in them and in nothing else; tests comparing such stores compare without them.
 */

const PLACEHOLDER = '<tracking-uid>';

/** A deep copy with every `trackingUid` value replaced by one placeholder. */
export function withoutTrackingUids<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'trackingUid' ? PLACEHOLDER : item))) as T;
}

/** The same for JSON text (an exported file). */
export function textWithoutTrackingUids(text: string): string {
  return text.replace(/"trackingUid": "[^"]*"/g, `"trackingUid": "${PLACEHOLDER}"`);
}
