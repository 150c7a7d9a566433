/**
 * Stands in for `xmlbuilder2` where vtk.js's XML readers import it (Cornerstone core pulls them
 * in through its Mesh cache class, for VTP surface meshes). vtk.js only calls
 * `create(xml).root().node` and then walks a DOM element, which the browser's own DOMParser
 * gives; xmlbuilder2 with its DOM implementation and YAML reader is ~1 MB of code evaluated
 * on the way to the first image.
 */
export function create(xml: string): { root(): { node: Element } } {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`The mesh's XML cannot be read: ${error.textContent ?? ''}`);
  return { root: () => ({ node: document.documentElement }) };
}
