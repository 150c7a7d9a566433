/**
 * The forms a refusal reason may take: each names the problem in words, with numbers and
 * attribute names where they help. Nothing else may reach the user (no "undefined", no
 * "Cannot read properties", no stack).
 */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  /^not a DICOM file \(no DICM marker at byte 128\)$/,
  /^truncated: (the file ends in the middle of a DICOM element|pixel data is \d+ bytes short|the compressed pixel data holds no frame)$/,
  /^corrupt DICOM: [a-z][A-Za-z0-9 ,()'-]+$/,
  /^missing attributes: [A-Z][A-Za-z ,/]+( \(an image without its pixels, or a file cut short\))?$/,
  /^unsupported transfer syntax: ([\w .()-]+|"[\d.?]+" \(not a valid UID\))$/,
  /^DICOMDIR index, not an image \(load the files it lists\)$/,
  /^inconsistent pixel attributes: [A-Z][\w ,.()"?'-]+$/,
  /^inconsistent pixel data: [A-Za-z][\w ,.()"?-]+$/,
  /^unsupported pixel format: [\w ,.()"?-]+$/,
  /^image too large: \d+ x \d+ pixels x \d+ frames? would need [\d.]+ ([KMGT]iB|bytes)(, [\d.]+ ([KMGT]iB|bytes) a frame)? \(the viewer's limits are 4 GiB an image, 512 MiB a frame, 20,000 frames\)$/,
  /^another patient in the study: the file names .+, but its study was opened as .+; one study cannot hold two patients$/,
  /^could not be decoded: the [\w .()-]+ pixel data (is damaged|does not match the header)$/,
];

const FORBIDDEN = /undefined|NaN|Cannot read|is not a function|at .+:\d+:\d+|\bnull\b/;

/** Whether a reason reads as a person would want it: a known form, and no leaked internals. */
export function isReadableReason(reason: string): boolean {
  return !FORBIDDEN.test(reason) && REFUSAL_PATTERNS.some((pattern) => pattern.test(reason));
}

/** The reason without its numbers and values, to count refusals by kind. */
export function reasonClass(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d[\d.]*(,\d{3})*/g, 'N')
    .replace(/(transfer syntax|syntax) [\w .()-]+? (says|pixel data|compressed)/, '$1 X $2')
    .slice(0, 110);
}
