/** Image ids of the series named by the page's `?manifest=` (a JSON list of file URLs). */
const DEFAULT_MANIFEST = '/data/ct512/manifest.json';

export async function loadImageIds(): Promise<string[]> {
  const manifestUrl = new URL(new URLSearchParams(location.search).get('manifest') ?? DEFAULT_MANIFEST, location.href);
  const response = await fetch(manifestUrl);
  if (!response.ok) throw new Error(`manifest ${manifestUrl.href}: HTTP ${response.status}`);
  const { files } = (await response.json()) as { files: string[] };
  return files.map((file) => `wadouri:${new URL(file, manifestUrl).href}`);
}
