import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkCsvFiles, networkGeoJson, resultMismatch } from '../src/io/export/index.ts';
import { loadNetwork, loadScenario } from '../src/io/files.ts';
import { networkFromText } from '../src/model/load-network.ts';
import type { Network } from '../src/model/network.ts';
import { solved } from './helpers.ts';
import { rfc7946Problems } from './support/geojson-rfc7946.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;

function network(reference: string): Network {
  const loaded = loadNetwork(reference, fixtures);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

const LOCATED = `
id: located
name: Located
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: kz, name: Kazakhstan, kind: state }
  - { id: a, name: "Pipe, Co", kind: company }
  - { id: b, name: B, kind: company }
nodes:
  - { id: field, kind: field, name: Field, location: { lat: 46.1, lon: 53.4 }, production: 100 t/d, liftingCost: 5 USD/t, taxedBy: kz, fiscalTake: 40 % }
  - { id: port, kind: market, name: Port, location: { lat: 44.7, lon: 37.8 } }
  - { id: depot, kind: storage, name: Depot, capacity: 1 kt }
links:
  - id: pipe
    kind: pipeline
    from: field
    to: port
    capacity: 80 t/d
    owners: [{ actor: a, share: 60 % }, { actor: b, share: 40 % }]
    polyline: [{ lat: 46.1, lon: 53.4 }, { lat: 45.5, lon: 47.0 }, { lat: 44.7, lon: 37.8 }]
  - { id: straight, kind: rail, from: field, to: port }
  - { id: to-depot, kind: pipeline, from: field, to: depot }
`;

function located(): Network {
  const loaded = networkFromText(LOCATED, 'located.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

describe('rfc7946Problems (the test validator itself)', () => {
  it('rejects swapped coordinates, short lines, missing members, crs and open rings', () => {
    const bad = {
      type: 'FeatureCollection',
      crs: {},
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [45, 200] }, properties: {} },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[1, 2]] }, properties: {} },
        { type: 'Feature', properties: {} },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, properties: null, id: {} },
        { type: 'Feature', geometry: null, properties: {}, coordinates: [] },
      ],
    };
    const problems = rfc7946Problems(bad);
    expect(problems).toEqual([
      '$: "crs" was removed by RFC 7946 (coordinates are WGS 84)',
      '$.features[0].geometry.coordinates: latitude 200 is outside -90..90 (is it [lat, lon]?)',
      '$.features[1].geometry.coordinates: a LineString has two or more positions',
      '$.features[2]: a Feature must have a "geometry" member (null when unlocated)',
      '$.features[3].geometry.coordinates[0]: a linear ring must end where it starts',
      '$.features[3].id: must be a string or a number',
      '$.features[4]: a Feature must not have a "coordinates" member (§7.1)',
    ]);
    expect(rfc7946Problems({ type: 'Feature', geometry: { type: 'Point', coordinates: [53.4, 46.1] }, properties: null })).toEqual([]);
  });
});

describe('networkGeoJson', () => {
  it('the shipped network is valid RFC 7946 GeoJSON: one Point per node, one LineString per link, [lon, lat]', () => {
    const caspian = network('caspian-crude');
    const collection = networkGeoJson(caspian);
    expect(rfc7946Problems(JSON.parse(JSON.stringify(collection)))).toEqual([]);
    expect(collection.features).toHaveLength(caspian.nodes.length + caspian.links.length);
    for (const node of caspian.nodes) {
      const feature = collection.features.find((candidate) => candidate.id === node.id)!;
      expect(feature.properties.kind).toBe(node.kind);
      if (node.location) expect(feature.geometry).toEqual({ type: 'Point', coordinates: [node.location.lon, node.location.lat] });
      else expect(feature.geometry).toBeNull();
    }
    for (const link of caspian.links) {
      const feature = collection.features.find((candidate) => candidate.id === link.id)!;
      expect(feature.properties.capacity_t_per_d).toBe(Number.isFinite(link.capacityTonnesPerDay) ? link.capacityTonnesPerDay : null);
      if (feature.geometry) expect(feature.geometry.type).toBe('LineString');
    }
    // The dated network's route to Germany opened in February 2023: a GIS can filter by it.
    const dated = caspian.nodes.filter((node) => node.service?.from !== undefined);
    expect(dated.length).toBeGreaterThan(0);
    for (const node of dated) expect(collection.features.find((feature) => feature.id === node.id)!.properties.in_service_from).toBe(node.service!.from);
  });

  it('a link follows its polyline; one without runs straight between its located ends; owners and capacities ride along', () => {
    const collection = networkGeoJson(located());
    expect(rfc7946Problems(collection)).toEqual([]);
    const byId = new Map(collection.features.map((feature) => [feature.id, feature]));
    expect(byId.get('pipe')!.geometry).toEqual({ type: 'LineString', coordinates: [[53.4, 46.1], [47.0, 45.5], [37.8, 44.7]] });
    expect(byId.get('straight')!.geometry).toEqual({ type: 'LineString', coordinates: [[53.4, 46.1], [37.8, 44.7]] });
    expect(byId.get('to-depot')!.geometry).toBeNull();
    expect(byId.get('depot')!.geometry).toBeNull();
    expect(byId.get('pipe')!.properties).toMatchObject({ asset: 'link', capacity_t_per_d: 80, owners: 'a 60%; b 40%', from: 'field', to: 'port' });
    expect(byId.get('straight')!.properties.capacity_t_per_d).toBeNull();
    expect(byId.get('field')!.properties).toMatchObject({ asset: 'node', production_t_per_d: 100, taxed_by: 'kz', fiscal_take: 0.4 });
    expect(collection.chokepoint.run).toBeNull();
  });

  it('with a run: baseline and scenario flows, flow lost and losses by asset, matching the result', async () => {
    const loaded = loadScenario('two-routes-closure.yaml', fixtures);
    if (!loaded.ok) throw new Error('fixture');
    const result = await solved(loaded.value);
    const collection = networkGeoJson(loaded.value.network, result);
    expect(rfc7946Problems(collection)).toEqual([]);
    const cheap = collection.features.find((feature) => feature.id === 'cheap')!.properties;
    const flow = result.linkFlows.find((row) => row.link === 'cheap')!;
    // Hand-solved: 60 t/d on the cheap route for 30 days, 10 of them closed.
    expect(cheap.baseline_t).toBeCloseTo(1_800, 6);
    expect(cheap.scenario_t).toBeCloseTo(1_200, 6);
    expect(cheap.flow_lost_t).toBeCloseTo(flow.baselineTonnes - flow.scenarioTonnes, 9);
    expect(cheap.tariff_lost_usd).toBeCloseTo(600 * 10, 6);
    const ownersLoss = result.impact.byShareholder.filter((row) => row.asset === 'cheap').reduce((sum, row) => sum + row.lossUsd, 0);
    expect(cheap.owners_loss_usd).toBeCloseTo(ownersLoss, 9);
    expect(collection.chokepoint.run).toEqual({ scenario: 'two-routes-closure', start: '2022-01-01', end: '2022-01-30', days: 30 });
    expect(resultMismatch(located(), result)).toMatch(/network "two-routes", not "located"/);
  });
});

describe('networkCsvFiles', () => {
  it('nodes, links, owners (one row per holding) and actors, with commas quoted', () => {
    const files = networkCsvFiles(located());
    expect([...files.keys()]).toEqual(['nodes.csv', 'links.csv', 'owners.csv', 'actors.csv']);
    const lines = (name: string) => files.get(name)!.trim().split('\n');
    expect(lines('nodes.csv')[0]!.startsWith('id,name,kind,lat,lon,jurisdiction,owners,throughput_t_per_d')).toBe(true);
    expect(lines('nodes.csv')).toHaveLength(4);
    expect(lines('links.csv')).toHaveLength(4);
    expect(lines('owners.csv')).toEqual(['asset,asset_type,actor,actor_name,share', 'pipe,link,a,"Pipe, Co",0.6', 'pipe,link,b,B,0.4']);
    expect(lines('actors.csv')[2]).toBe('a,"Pipe, Co",company,');
  });
});

describe('chokepoint export (through the real bin)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: fixtures });

  it('writes GeoJSON with a run and CSV files; a run of another network is refused with exit 2', () => {
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-export-'));
    const run = cli('run', 'two-routes-closure.yaml', '--json');
    expect(run.status).toBe(0);
    writeFileSync(join(directory, 'run.json'), run.stdout);
    const exported = cli('export', 'two-routes.yaml', '--geojson', join(directory, 'map.geojson'), '--csv', join(directory, 'csv'), '--result', join(directory, 'run.json'));
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const geojson = JSON.parse(readFileSync(join(directory, 'map.geojson'), 'utf8'));
    expect(rfc7946Problems(geojson)).toEqual([]);
    expect(geojson.features.find((feature: { id: string }) => feature.id === 'cheap').properties.scenario_t).toBeCloseTo(1_200, 6);
    expect(readFileSync(join(directory, 'csv', 'links.csv'), 'utf8')).toContain('baseline_t');
    const refused = cli('export', 'caspian-crude', '--geojson', join(directory, 'other.geojson'), '--result', join(directory, 'run.json'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('not "caspian-crude"');
    expect(cli('export', 'two-routes.yaml').status).toBe(2);
  });
});
