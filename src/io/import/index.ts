export { gemNetwork, type GemImport, type GemImportOptions, type GemImportOutcome } from './gem-network.ts';
export { GEM_COLUMNS } from './gem-segments.ts';
export { csvSheet, xlsxSheet, parseCsv, type Sheet } from './sheet.ts';
export { parseWkt, type LonLat } from './wkt.ts';
export { parseOwners, slug, type OwnerShare } from './owners.ts';
export { convertCapacity, knownUnits, type Commodity } from './capacity-units.ts';
export { chainParts, snapGroups, distanceKm } from './geo.ts';
export { importedYaml } from './yaml-output.ts';
