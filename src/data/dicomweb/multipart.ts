/**
 * The parts of a WADO-RS `multipart/related` answer (RFC 2046), each with the transfer syntax
 * its Content-Type names. Written here because the reading worker fetches frames with fetch()
 * and dicomweb-client (XMLHttpRequest, main thread) keeps its decoder private. Pure.
 */
export interface MultipartPart {
  bytes: Uint8Array;
  transferSyntaxUID: string | null;
}

const CRLF_CRLF = [13, 10, 13, 10];

function indexOf(haystack: Uint8Array, needle: ArrayLike<number>, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = haystack.indexOf(first as number, from); i !== -1 && i <= last; i = haystack.indexOf(first as number, i + 1)) {
    for (let k = 1; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** The boundary of a `multipart/related; ... boundary=...` Content-Type header, if any. */
export function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function transferSyntaxOf(partHeader: string): string | null {
  return /transfer-syntax=(?:"([^"]+)"|([^;\s]+))/i.exec(partHeader)?.slice(1).find(Boolean) ?? null;
}

/**
 * Splits `body` at `--boundary` delimiters. A body without a closing delimiter (a truncated
 * answer) throws: a frame cut short must not be shown as if whole.
 */
export function multipartParts(body: Uint8Array, boundary: string): MultipartPart[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at === -1) throw new Error('the answer has no multipart boundary');
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    // "--" right after a delimiter closes the message.
    if (body[afterDelimiter] === 45 && body[afterDelimiter + 1] === 45) return parts;
    const headerEnd = indexOf(body, CRLF_CRLF, afterDelimiter);
    if (headerEnd === -1) throw new Error('a multipart part has no header');
    const next = indexOf(body, delimiter, headerEnd + 4);
    if (next === -1) throw new Error('the multipart answer ends before its closing boundary');
    const header = new TextDecoder().decode(body.subarray(afterDelimiter, headerEnd));
    // The CRLF before the next delimiter belongs to the delimiter.
    const end = body[next - 2] === 13 && body[next - 1] === 10 ? next - 2 : next;
    parts.push({ bytes: body.subarray(headerEnd + 4, end), transferSyntaxUID: transferSyntaxOf(header) });
    at = next;
  }
}
