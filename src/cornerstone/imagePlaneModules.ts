/**
 * Each image's imagePlaneModule, built once. Cornerstone asks for it ~17 times per drawn frame
 * (getEnabledElement and every tool ask for the image's frame of reference), and building it
 * reads the file's header again: ~0.7 ms of every frame of a scroll on the bench machine.
 * Kept per header object, so a header let go takes its modules with it.
 */
export type PlaneModule = Record<string, unknown>;

const PLANE_ARRAYS = ['imagePositionPatient', 'imageOrientationPatient', 'rowCosines', 'columnCosines', 'pixelSpacing'] as const;

export class ImagePlaneModules<Header extends object> {
  readonly #built = new WeakMap<Header, Map<string, PlaneModule>>();

  constructor(private readonly build: (imageId: string, header: Header) => PlaneModule) {}

  /** A fresh copy, arrays too, as when it was built at every call: what a caller changes stays its own. */
  get(imageId: string, header: Header): PlaneModule {
    let byImage = this.#built.get(header);
    if (!byImage) this.#built.set(header, (byImage = new Map()));
    let module = byImage.get(imageId);
    if (!module) {
      module = this.build(imageId, header);
      byImage.set(imageId, module);
    }
    const copy = { ...module };
    for (const key of PLANE_ARRAYS) {
      const value = copy[key];
      if (Array.isArray(value)) copy[key] = value.slice();
    }
    return copy;
  }
}
