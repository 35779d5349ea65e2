import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  chainParts,
  convertCapacity,
  csvSheet,
  distanceKm,
  gemNetwork,
  importedYaml,
  parseCsv,
  parseOwners,
  parseWkt,
  snapGroups,
  xlsxSheet,
  GEM_COLUMNS,
  type GemImport,
  type GemImportOptions,
  type LonLat,
  type Sheet,
} from '../src/io/import/index.ts';
import { networkFromText } from '../src/model/load-network.ts';
import type { Network } from '../src/model/network.ts';
import { toCsv } from '../src/report/csv.ts';
import { assertInDelta } from './helpers.ts';

const gem = new URL('./fixtures/gem/', import.meta.url).pathname;
const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
const gasCsv = readFileSync(join(gem, 'gas-pipelines.csv'), 'utf8');

const OPTIONS: GemImportOptions = { commodity: 'gas', statuses: ['operating'], snapKm: 10, id: 'fixture', name: 'Fixture', sourceLabel: 'gas-pipelines.csv' };

function imported(sheet: Sheet, options: Partial<GemImportOptions> = {}): GemImport {
  const outcome = gemNetwork(sheet, { ...OPTIONS, ...options });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

/** The import as the engine sees it after `chokepoint validate`'s checks. */
function loaded(result: GemImport): Network {
  const network = networkFromText(importedYaml(result), 'imported.yaml');
  if (!network.ok) throw new Error(JSON.stringify(network.issues, null, 1));
  return network.value;
}

const mcmPerDay = (network: Network, linkId: string) => {
  const link = network.links.find((candidate) => candidate.id === linkId)!;
  return (link.capacityTonnesPerDay / network.commodity.tonnesPerCubicMetre) / 1e6;
};

describe('GEM import: the gas fixture sheet (CSV)', () => {
  const result = imported(csvSheet(gasCsv));
  const network = loaded(result);
  const node = (id: string) => network.nodes.find((candidate) => candidate.id === id)!;

  it('keeps operating rows, snaps ends within 10 km into one node and drops a segment both of whose ends snap together', () => {
    expect(result.counts).toEqual({ rows: 8, kept: 7, skippedStatus: 1, skippedCountry: 0 });
    expect(network.links.map((link) => link.id)).toEqual(['P0001', 'P0002', 'P0003', 'P0004', 'P0005', 'P0007']);
    expect(network.nodes.map((item) => `${item.id}:${item.kind}`).sort()).toEqual(
      ['border:market', 'capital:market', 'city-gate:market', 'coast-station:junction', 'inland-hub:junction', 'landfall:junction', 'north-field:field', 'south-field:field'],
    );
    // "Landfall Terminal" 2.2 km from "Landfall" joins it and takes the more frequent name.
    expect(node('landfall').name).toBe('Landfall');
    // Coast Station is the mean of the two ends 3.1 km apart.
    expect(node('coast-station').location).toEqual({ lat: 59.005, lon: 28.025 });
    expect(result.warnings.some((warning) => warning.includes('P0008') && warning.includes('both ends snap to node "capital"'))).toBe(true);
  });

  it('converts each tracker unit to mcm/d with the stated factor and writes it in the figure\'s source', () => {
    assertInDelta(mcmPerDay(network, 'P0001'), 32.9 * 1000 / 365, 1e-3, 'bcm/y');
    assertInDelta(mcmPerDay(network, 'P0002'), 1000 * 0.0283168466, 1e-4, 'MMcf/d');
    assertInDelta(mcmPerDay(network, 'P0003'), 20, 1e-9, 'mcm/d');
    assertInDelta(mcmPerDay(network, 'P0004'), 5 * 1.36 * 1000 / 365, 1e-3, 'Mtpa of LNG');
    assertInDelta(mcmPerDay(network, 'P0007'), 300 * 0.0283168466, 1e-4, 'MMscfd');
    expect(network.links.find((link) => link.id === 'P0005')!.capacityTonnesPerDay).toBe(Infinity);
    const yaml = parseYaml(importedYaml(result));
    expect(yaml.links[0].capacity).toEqual({ value: '90.137 mcm/d', source: 'gas-pipelines.csv (Global Energy Monitor, CC BY 4.0), ProjectID P0001, line 2: 32.9 bcm/y (1 bcm/y = 1000/365 mcm/d)' });
    expect(result.toAdd.some((item) => item.includes('P0005') && item.includes('furlongs/d'))).toBe(true);
  });

  it('owners and shares become companies and equity: one owner holds all, unknown shares are listed, shares over 100 % are scaled', () => {
    const owners = (id: string) => network.links.find((link) => link.id === id)!.owners;
    expect(owners('P0001')).toEqual([{ actor: 'gasco', share: 0.51 }, { actor: 'pipe-invest-s-a', share: 0.49 }]);
    expect(owners('P0002')).toEqual([{ actor: 'gasco', share: 1 }]);
    expect(owners('P0003')).toEqual([{ actor: 'westgas', share: 0.6 }]);
    assertInDelta(owners('P0004')[0]!.share, 0.7 / 1.1, 1e-6, 'scaled share');
    expect(owners('P0005')).toEqual([]);
    expect(result.toAdd.some((item) => item.includes('P0003 (Partner Co)'))).toBe(true);
    expect(result.toAdd.some((item) => item.startsWith('owners of 1 links') && item.includes('P0005'))).toBe(true);
    expect(result.warnings.some((warning) => warning.includes('110.00 %'))).toBe(true);
    expect(network.actors.find((actor) => actor.id === 'pipe-invest-s-a')).toEqual({ id: 'pipe-invest-s-a', name: 'Pipe Invest, S.A.', kind: 'company', country: undefined });
  });

  it('jurisdiction follows the countries; a MULTILINESTRING out of order becomes one route from start to end', () => {
    const link = network.links.find((candidate) => candidate.id === 'P0002')!;
    expect(link.jurisdiction).toEqual(['borealia', 'westland']);
    expect(node('landfall').jurisdiction).toEqual(['westland']);
    expect(link.polyline).toEqual([
      { lat: 59.005, lon: 28.025 },
      { lat: 58, lon: 26 },
      { lat: 57, lon: 24 },
      node('landfall').location,
    ]);
    const field = node('north-field');
    expect(field.kind === 'field' && field.taxedBy).toBe('borealia');
  });

  it('an end without a route joins the node of the same name and country, or stays without a location', () => {
    const spur = network.links.find((link) => link.id === 'P0005')!;
    expect([spur.from, spur.to]).toEqual(['landfall', 'city-gate']);
    expect(node('city-gate').location).toBeUndefined();
    expect(spur.polyline).toBeUndefined();
  });

  it('placeholders are marked as such and listed: production = capacity leaving the field, prices and tariffs', () => {
    expect(importedYaml(result)).not.toContain('&a1');
    const yaml = parseYaml(importedYaml(result));
    const field = yaml.nodes.find((item: { id: string }) => item.id === 'north-field');
    expect(field.production.value).toBe('90.137 mcm/d');
    expect(field.production.estimate).toMatch(/^placeholder/);
    expect(result.toAdd[0]).toMatch(/2 supply nodes .*north-field, south-field/);
    expect(result.toAdd.some((item) => item.startsWith('prices:') && item.includes('capital, border, city-gate'))).toBe(true);
    expect(importedYaml(result).startsWith('# Fixture: imported from a Global Energy Monitor')).toBe(true);
  });

  it('--countries and --status filters', () => {
    const westOnly = imported(csvSheet(gasCsv), { countries: ['borealia', 'Westland'] });
    expect(westOnly.counts).toMatchObject({ kept: 6, skippedCountry: 1 });
    const withProposed = loaded(imported(csvSheet(gasCsv), { statuses: ['operating', 'proposed'] }));
    expect(withProposed.links.map((link) => link.id)).toContain('P0006');
    expect(gemNetwork(csvSheet(gasCsv), { ...OPTIONS, countries: ['Atlantis'] })).toMatchObject({ ok: false, message: expect.stringContaining('no segment is left') });
  });

  it('a sheet without the tracker columns is refused with the missing ones named', () => {
    const outcome = gemNetwork(csvSheet('ProjectID,Name\nP1,x\n'), OPTIONS);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain('lacks the columns PipelineName, SegmentName, Status');
  });
});

describe('GEM import: crude units and XLSX', () => {
  it('crude keeps barrels in b/d and tonnes in Mt/yr; "120,000" reads as a number', () => {
    const result = imported(csvSheet(readFileSync(join(gem, 'oil-pipelines.csv'), 'utf8')), { commodity: 'crude' });
    const yaml = parseYaml(importedYaml(result));
    expect(yaml.links.map((link: { capacity: { value: string } }) => link.capacity.value)).toEqual(['1500000 b/d', '17.5 Mt/yr', '120000 b/d']);
    const network = loaded(result);
    // Second Field's spur ends 2.2 km from Oil Field: snapped.
    expect(network.links.find((link) => link.id === 'P1002')!.to).toBe('oil-field');
    expect(network.nodes.find((node) => node.id === 'second-field')!.kind).toBe('field');
  });

  it('reads the data sheet of a workbook that also has an About sheet, numbers and rich text included', async () => {
    const records = parseCsv(gasCsv);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('About').addRow(['Global Gas Infrastructure Tracker (fixture written by the tests)']);
    const data = workbook.addWorksheet('Gas Pipelines');
    data.addRow(records[0]!);
    for (const record of records.slice(1)) {
      data.addRow(record.map((cell, index) => (records[0]![index] === 'Capacity' ? Number(cell) : index === 1 ? { richText: [{ text: cell.slice(0, 3) }, { text: cell.slice(3) }] } : cell)));
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const sheet = await xlsxSheet(bytes, GEM_COLUMNS);
    if ('missing' in sheet) throw new Error(sheet.missing);
    expect(sheet.sheetName).toBe('Gas Pipelines');
    expect(importedYaml(imported(sheet))).toBe(importedYaml(imported(csvSheet(gasCsv))));
  });
});

describe('chokepoint import gem (through the real bin)', () => {
  it('writes a network that chokepoint validate accepts and prints what to add; reads XLSX by content; bad input exits 2', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-import-'));
    const out = join(directory, 'imported.yaml');
    const run = spawnSync(process.execPath, [bin, 'import', 'gem', join(gem, 'gas-pipelines.csv'), '--commodity', 'gas', '--out', 'imported.yaml'], { encoding: 'utf8', cwd: directory });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // docs/import-export.md shows this output; it must be what the command prints.
    const docs = readFileSync(new URL('../docs/import-export.md', import.meta.url), 'utf8');
    const example = /\$ chokepoint import gem test\/fixtures\/gem\/gas-pipelines\.csv --commodity gas --out imported\.yaml\n([\s\S]*?)```/.exec(docs);
    expect(example?.[1]).toBe(run.stdout);
    const validate = spawnSync(process.execPath, [bin, 'validate', out], { encoding: 'utf8' });
    expect(validate.stdout).toContain('✔ network gas-pipelines: 8 nodes, 6 links');
    // A workbook is recognised by its content, whatever it is called.
    const workbook = new ExcelJS.Workbook();
    const data = workbook.addWorksheet('Pipelines');
    for (const record of parseCsv(readFileSync(join(gem, 'oil-pipelines.csv'), 'utf8'))) data.addRow(record);
    await workbook.xlsx.writeFile(join(directory, 'oil-sheet.dat'));
    const xlsx = spawnSync(process.execPath, [bin, 'import', 'gem', 'oil-sheet.dat', '--commodity', 'crude', '--out', 'oil.yaml'], { encoding: 'utf8', cwd: directory });
    expect(xlsx.stderr).toBe('');
    expect(xlsx.stdout).toContain('✔ oil.yaml: 4 nodes, 3 links');
    const bad = spawnSync(process.execPath, [bin, 'import', 'gem', join(gem, 'gas-pipelines.csv'), '--commodity', 'coal', '--out', out], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--commodity must be gas or crude');
  });
});

describe('parsers (property-based)', () => {
  // -0 prints as "0", so it is generated as 0.
  const lonLat = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }).map((x) => x + 0), fc.double({ min: -90, max: 90, noNaN: true }).map((y) => y + 0));
  const line = fc.array(lonLat, { minLength: 2, maxLength: 6 });
  const space = fc.constantFrom('', ' ', '  ', '\t');

  it('parseWkt reads back every LINESTRING and MULTILINESTRING written, whatever the spacing and case', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), fc.boolean(), space, fc.boolean(), (lines, multi, gap, lower) => {
        const text = (points: readonly (readonly number[])[]) => `(${gap}${points.map(([x, y]) => `${x} ${y}`).join(`,${gap}`)}${gap})`;
        const kind = multi ? 'MULTILINESTRING' : 'LINESTRING';
        const wkt = multi ? `${kind}${gap}(${lines.map(text).join(', ')})` : `${kind} ${text(lines[0]!)}`;
        const parsed = parseWkt(lower ? wkt.toLowerCase() : wkt);
        expect(parsed).toEqual({ ok: true, lines: (multi ? lines : [lines[0]!]).map((points) => points.map(([x, y]) => [x, y])) });
      }),
    );
  });

  it('parseWkt never throws: anything else is a message', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseWkt(text);
        expect(parsed.ok || parsed.message.length > 0).toBe(true);
      }),
    );
    expect(parseWkt('LINESTRING (1 2)')).toMatchObject({ ok: false, message: expect.stringContaining('two or more positions') });
    expect(parseWkt('LINESTRING (1 200, 2 3)')).toMatchObject({ ok: false, message: expect.stringContaining('outside') });
    expect(parseWkt('POLYGON ((0 0, 1 0, 1 1, 0 0))')).toMatchObject({ ok: false });
  });

  const ownerName = fc.string({ minLength: 1, maxLength: 20 }).map((name) => name.replace(/[;[\]]/g, 'x').trim()).filter((name) => name.length > 0);

  it('parseOwners reads back names and shares, names with commas included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(ownerName, fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 6 }), space, (owners, gap) => {
        const cell = owners.map(([name, basisPoints]) => `${name}${gap}[${basisPoints / 100}%]`).join(`;${gap}`);
        expect(parseOwners(cell)).toEqual(owners.map(([name, basisPoints]) => ({ name, share: basisPoints / 10_000 })));
      }),
    );
    expect(parseOwners('Gazprom')).toEqual([{ name: 'Gazprom', share: 1 }]);
    expect(parseOwners('A; B')).toEqual([{ name: 'A', share: undefined }, { name: 'B', share: undefined }]);
    expect(parseOwners('Gas Natural, S.A. [unknown %]')).toEqual([{ name: 'Gas Natural, S.A.', share: undefined }]);
    fc.assert(fc.property(fc.string(), (text) => void parseOwners(text)));
  });

  it('parseCsv reads back what toCsv writes (quotes, commas, line breaks)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 8 }).map((text) => `${text}.`), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(parseCsv(toCsv(['a', 'b', 'c'], rows))).toEqual([['a', 'b', 'c'], ...rows]);
      }),
    );
  });

  it('snapGroups is single linkage: the same groups as comparing every pair', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 10, max: 10.5, noNaN: true }), fc.double({ min: 50, max: 50.3, noNaN: true })), { maxLength: 25 }), fc.double({ min: 0, max: 15, noNaN: true }), (points, tolerance) => {
        const groups = snapGroups(points, tolerance);
        const label = points.map((_, index) => index);
        for (let changed = true; changed; ) {
          changed = false;
          for (let i = 0; i < points.length; i += 1) {
            for (let j = 0; j < points.length; j += 1) {
              if (distanceKm(points[i]!, points[j]!) <= tolerance && label[j]! > label[i]!) {
                label[j] = label[i]!;
                changed = true;
              }
            }
          }
        }
        for (let i = 0; i < points.length; i += 1) for (let j = 0; j < points.length; j += 1) expect(groups[i] === groups[j]).toBe(label[i] === label[j]);
      }),
    );
  });

  it('chainParts joins parts given out of order and reversed, and reports gaps', () => {
    const parts: LonLat[][] = [[[0, 0], [1, 0]], [[3, 0], [2, 0]], [[1, 0], [2, 0]]];
    expect(chainParts(parts)).toEqual({ points: [[0, 0], [1, 0], [2, 0], [3, 0]], gapsKm: [] });
    const gapped = chainParts([[[0, 0], [1, 0]], [[1.1, 0], [2, 0]]]);
    expect(gapped.points).toHaveLength(4);
    assertInDelta(gapped.gapsKm[0]!, 11.12, 0.01, '0.1° of longitude at the equator');
  });

  it('convertCapacity: crude "Mtpa" is tonnes of crude; an unknown unit names the known ones', () => {
    expect(convertCapacity(10, 'Mtpa', 'crude')).toMatchObject({ ok: true, amount: 10, unit: 'Mt/yr' });
    expect(convertCapacity(1, 'bcm/yr', 'gas')).toMatchObject({ ok: true, unit: 'mcm/d' });
    const unknown = convertCapacity(1, 'bpd', 'gas');
    expect(unknown.ok === false && unknown.message).toContain('not a gas capacity unit');
  });
});
