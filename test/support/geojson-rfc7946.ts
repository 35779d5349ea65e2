/**
 * Shape checks of RFC 7946 (GeoJSON), written for the tests: returns every problem found, each
 * with the JSON path, so a failing export names what is wrong and where.
 */

type Json = unknown;

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'];

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** §7.1: members that would change the meaning of another kind of object. */
const FORBIDDEN: Record<string, string[]> = {
  FeatureCollection: ['coordinates', 'geometries', 'geometry', 'properties'],
  Feature: ['coordinates', 'geometries', 'features'],
  geometry: ['properties', 'features', 'geometry'],
};

export function rfc7946Problems(document: Json): string[] {
  const problems: string[] = [];
  checkObject(document, '$', problems);
  return problems;
}

function checkObject(value: Json, path: string, problems: string[]): void {
  if (!isObject(value)) return void problems.push(`${path}: a GeoJSON object must be a JSON object`);
  if ('crs' in value) problems.push(`${path}: "crs" was removed by RFC 7946 (coordinates are WGS 84)`);
  if ('bbox' in value) checkBbox(value.bbox, `${path}.bbox`, problems);
  switch (value.type) {
    case 'FeatureCollection':
      forbid(value, FORBIDDEN.FeatureCollection!, path, problems);
      if (!Array.isArray(value.features)) return void problems.push(`${path}.features: must be an array`);
      value.features.forEach((feature, index) => {
        const at = `${path}.features[${index}]`;
        if (!isObject(feature) || feature.type !== 'Feature') problems.push(`${at}: each member of features must be a Feature`);
        else checkObject(feature, at, problems);
      });
      return;
    case 'Feature':
      forbid(value, FORBIDDEN.Feature!, path, problems);
      if (!('geometry' in value)) problems.push(`${path}: a Feature must have a "geometry" member (null when unlocated)`);
      else if (value.geometry !== null) checkGeometry(value.geometry, `${path}.geometry`, problems);
      if (!('properties' in value)) problems.push(`${path}: a Feature must have a "properties" member (null allowed)`);
      else if (value.properties !== null && !isObject(value.properties)) problems.push(`${path}.properties: must be an object or null`);
      if ('id' in value && typeof value.id !== 'string' && typeof value.id !== 'number') problems.push(`${path}.id: must be a string or a number`);
      return;
    default:
      checkGeometry(value, path, problems);
  }
}

function forbid(value: Record<string, Json>, members: readonly string[], path: string, problems: string[]): void {
  for (const member of members) if (member in value) problems.push(`${path}: a ${String(value.type)} must not have a "${member}" member (§7.1)`);
}

function checkGeometry(value: Json, path: string, problems: string[]): void {
  if (!isObject(value) || typeof value.type !== 'string' || !GEOMETRY_TYPES.includes(value.type)) {
    return void problems.push(`${path}: not a geometry (type must be one of ${GEOMETRY_TYPES.join(', ')})`);
  }
  forbid(value, FORBIDDEN.geometry!, path, problems);
  if (value.type === 'GeometryCollection') {
    if (!Array.isArray(value.geometries)) return void problems.push(`${path}.geometries: must be an array`);
    value.geometries.forEach((member, index) => checkGeometry(member, `${path}.geometries[${index}]`, problems));
    return;
  }
  const at = `${path}.coordinates`;
  const coordinates = value.coordinates;
  switch (value.type) {
    case 'Point':
      return checkPosition(coordinates, at, problems);
    case 'MultiPoint':
      return eachOf(coordinates, at, problems, (item, itemPath) => checkPosition(item, itemPath, problems));
    case 'LineString':
      return checkLine(coordinates, at, problems);
    case 'MultiLineString':
      return eachOf(coordinates, at, problems, (item, itemPath) => checkLine(item, itemPath, problems));
    case 'Polygon':
      return checkPolygon(coordinates, at, problems);
    case 'MultiPolygon':
      return eachOf(coordinates, at, problems, (item, itemPath) => checkPolygon(item, itemPath, problems));
  }
}

function eachOf(value: Json, path: string, problems: string[], check: (item: Json, path: string) => void): void {
  if (!Array.isArray(value)) return void problems.push(`${path}: must be an array`);
  value.forEach((item, index) => check(item, `${path}[${index}]`));
}

/** §3.1.1 and §4: [longitude, latitude(, altitude)] in WGS 84 degrees. */
function checkPosition(value: Json, path: string, problems: string[]): void {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((number) => typeof number === 'number' && Number.isFinite(number))) {
    return void problems.push(`${path}: a position is 2 or 3 finite numbers`);
  }
  const [lon, lat] = value as number[];
  if (lon! < -180 || lon! > 180) problems.push(`${path}: longitude ${lon} is outside -180..180 (is it [lat, lon]?)`);
  if (lat! < -90 || lat! > 90) problems.push(`${path}: latitude ${lat} is outside -90..90 (is it [lat, lon]?)`);
}

function checkLine(value: Json, path: string, problems: string[]): void {
  if (!Array.isArray(value) || value.length < 2) return void problems.push(`${path}: a LineString has two or more positions`);
  value.forEach((position, index) => checkPosition(position, `${path}[${index}]`, problems));
}

function checkPolygon(value: Json, path: string, problems: string[]): void {
  eachOf(value, path, problems, (ring, ringPath) => {
    if (!Array.isArray(ring) || ring.length < 4) return void problems.push(`${ringPath}: a linear ring has four or more positions`);
    ring.forEach((position, index) => checkPosition(position, `${ringPath}[${index}]`, problems));
    if (JSON.stringify(ring[0]) !== JSON.stringify(ring.at(-1))) problems.push(`${ringPath}: a linear ring must end where it starts`);
  });
}

/** §5: [west, south, east, north] (2D) or with altitudes (3D). */
function checkBbox(value: Json, path: string, problems: string[]): void {
  if (!Array.isArray(value) || (value.length !== 4 && value.length !== 6) || !value.every((number) => typeof number === 'number' && Number.isFinite(number))) {
    problems.push(`${path}: a bbox is 4 or 6 finite numbers`);
  }
}
