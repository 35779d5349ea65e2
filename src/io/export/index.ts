export { networkGeoJson, type Feature, type FeatureCollection, type Position } from './geojson.ts';
export { networkCsvFiles } from './csv-tables.ts';
export { resultMismatch } from './asset-rows.ts';
