/**
 * Where the plugin keeps OHIF's Cornerstone libraries. OHIF hands them out only once its
 * extensions register (the cornerstone extension's utility module), not when our files load,
 * so the extension wrapper stores them here first and only then loads the code that uses them.
 */
export interface CornerstoneLibraries {
  core: object;
  tools: object;
}

let libraries: CornerstoneLibraries | undefined;

export function setCornerstoneLibraries(given: CornerstoneLibraries): void {
  libraries = given;
}

export function hasCornerstoneLibraries(): boolean {
  return libraries !== undefined;
}

export function cornerstoneLibrary(name: keyof CornerstoneLibraries): object {
  if (!libraries) {
    throw new Error(`EMH plugin: Cornerstone ${name} used before OHIF lent it (load order: the extension's preRegistration sets it)`);
  }
  return libraries[name];
}
