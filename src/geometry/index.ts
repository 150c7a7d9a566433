export * from './calibration';
export * from './imagePlane';
export * from './scoord';
export type { Vec3 } from './vec3';
export { ImageGeometry, imageGeometry } from './imageGeometry';
