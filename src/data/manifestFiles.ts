/**
 * A manifest is `{"files": [...]}`, paths relative to the manifest itself: its files as absolute
 * URLs, or null when it has no such list. Small on purpose: the entry chunk and the reading
 * worker read it too.
 */
export function manifestFiles(body: unknown, manifestUrl: string): string[] | null {
  const files = (body as { files?: unknown } | null)?.files;
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) return null;
  return files.map((file) => new URL(file, manifestUrl).href);
}
