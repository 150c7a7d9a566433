/**
 * The EMH domain: clinical rules as pure functions and the lesion inventory store.
 * No DOM, no Cornerstone, no React: the tools adapter, the panel and the exporters build
 * on this, and every rule here has a unit test beside it.
 */

export * from './annotationTypes';
export * from './common';
export * from './config';
export * from './contrastState';
export * from './inventoryChange';
export * from './inventorySnapshot';
export * from './inventoryStore';
export * from './inventoryTypes';
export * from './lesionEdit';
export * from './lesionInventory';
export * from './lesionMeasurement';
export * from './liverAttenuation';
export * from './seriesWeighting';
export * from './signalHints';
export * from './signalRatio';
export * from './sites';
export * from './teachingCase';
