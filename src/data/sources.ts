import type { InstanceSource } from './types';
import { takeEarlyResponse } from './earlyFetch';
import { manifestFiles } from './manifestFiles';

export function urlSources(urls: string[], base: string = location.href): InstanceSource[] {
  return urls.map((url) => {
    const absolute = new URL(url, base).href;
    return { kind: 'url', url: absolute, name: absolute.split('/').pop() || absolute };
  });
}

/** A manifest is `{"files": [...]}`, paths relative to the manifest itself. */
export async function manifestSources(manifestUrl: string): Promise<InstanceSource[]> {
  const absolute = new URL(manifestUrl, location.href).href;
  const response = await (takeEarlyResponse(absolute) ?? fetch(absolute));
  if (!response.ok) throw new Error(`Manifest ${absolute}: HTTP ${response.status}`);
  const files = manifestFiles(await response.json(), absolute);
  if (!files) throw new Error(`Manifest ${absolute} has no "files" list`);
  return urlSources(files);
}

export function fileSources(files: Iterable<File>): InstanceSource[] {
  return [...files].map((file) => ({
    kind: 'file',
    blob: file,
    name: file.webkitRelativePath || file.name,
  }));
}

/** Files and whole folders dropped on the page; folders are walked recursively. */
export async function droppedSources(items: DataTransferItemList): Promise<InstanceSource[]> {
  const entries = [...items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const files: { file: File; path: string }[] = [];
  await Promise.all(entries.map((entry) => collect(entry, files)));
  return files.map(({ file, path }) => ({ kind: 'file', blob: file, name: path }));
}

async function collect(entry: FileSystemEntry, out: { file: File; path: string }[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call; keep reading until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    await Promise.all(batch.map((child) => collect(child, out)));
  }
}
