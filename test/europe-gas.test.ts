import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkRun } from '../src/analysis/invariants.ts';
import { runScenario } from '../src/analysis/run.ts';
import { builtinNetworks, builtinScenarios, loadNetwork, loadScenario } from '../src/io/files.ts';
import { dailyValues } from '../src/model/dated.ts';
import { renderIssue } from '../src/model/issues.ts';
import type { Network } from '../src/model/network.ts';
import { parseQuantity, toCanonical } from '../src/model/units.ts';
import type { Scenario } from '../src/scenario/scenario.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';
import { buildTimeline } from '../src/scenario/timeline.ts';
import { unsourced } from './helpers.ts';

const GAS_FACTS = new URL('../data/sources/gas-facts.md', import.meta.url);
const SCENARIOS = ['europe-gas-2022-all', 'europe-gas-2022-baseline', 'europe-gas-2022-cutoffs', 'europe-gas-2022-freeport', 'europe-gas-2022-nord-stream-cuts', 'europe-gas-2022-sabotage', 'europe-gas-2022-sokhranivka', 'europe-gas-2022-yamal-stop'];

function network(): Network {
  const loaded = loadNetwork('europe-gas');
  if (!loaded.ok) throw new Error(loaded.issues.map(renderIssue).join('\n'));
  return loaded.value;
}

function scenario(id: string): Scenario {
  const loaded = loadScenario(id);
  if (!loaded.ok) throw new Error(loaded.issues.map(renderIssue).join('\n'));
  return loaded.value;
}

/** A written flow ("167 mcm/d", "10 bcm/yr", "1408.6 TWh/yr") in the engine's base unit a day (MWh/d for gas). */
function perDay(text: string): number {
  const parsed = parseQuantity(text, 'massFlow');
  if (!parsed.ok) throw new Error(parsed.message);
  return toCanonical(parsed.quantity.amount, parsed.quantity.unit, network().commodity);
}

/** Every `[Sxx]` (or `[S7b,S74b]`) cited in a text. */
function citedSources(text: string): string[] {
  return [...text.matchAll(/\[(S\d+[a-z]?(?:\s*,\s*S\d+[a-z]?)*)\]/g)].flatMap((match) => match[1]!.split(',').map((id) => id.trim()));
}

/** The source ids gas-facts.md lists in its Sources section ("S7b [title], address · S8 …"). */
function listedSources(): Set<string> {
  const facts = readFileSync(GAS_FACTS, 'utf8');
  const sources = facts.slice(facts.lastIndexOf('## Sources'));
  return new Set([...sources.matchAll(/(?:^|·\s*)(S\d+[a-z]?)\s/gm)].map((match) => match[1]!));
}

function files(): { id: string; text: string }[] {
  return [...builtinNetworks(), ...builtinScenarios()].filter((entry) => entry.id.startsWith('europe-gas')).map((entry) => ({ id: entry.id, text: readFileSync(entry.path, 'utf8') }));
}

describe('europe-gas dataset', () => {
  it('validates, ships its scenarios and stays small enough for fast analyses', () => {
    const gas = network();
    expect(gas.nodes.length).toBeLessThanOrEqual(60);
    expect(builtinScenarios().map((entry) => entry.id).filter((id) => id.startsWith('europe-gas')).sort()).toEqual(SCENARIOS);
    for (const id of SCENARIOS) expect(scenario(id).network.id).toBe('europe-gas');
    // The corridors the 2022 story runs through are all there.
    for (const id of ['nord-stream-1', 'yamal-belarus', 'yamal-poland-transit', 'sudzha-entry', 'sokhranivka-entry', 'turkstream-europe', 'baltic-pipe', 'transmed', 'medgaz', 'greenstream', 'tap']) {
      expect(gas.links.some((link) => link.id === id), id).toBe(true);
    }
  });

  it('every figure carries a source or an estimate', () => {
    for (const file of files()) expect(unsourced(parse(file.text), file.id, [])).toEqual([]);
  });

  it('every source it cites is listed in gas-facts.md, and each file cites some', () => {
    const listed = listedSources();
    expect(listed.size).toBeGreaterThan(100);
    for (const file of files()) {
      const cited = citedSources(file.text);
      expect(cited.length, file.id).toBeGreaterThan(0);
      expect(cited.filter((id) => !listed.has(id)), file.id).toEqual([]);
    }
  });

  it('dated capacities apply from their own dates', () => {
    const base = scenario('europe-gas-2022-baseline');
    const timeline = buildTimeline(base, false);
    const on = (link: string, date: string) => timeline.linkCapacity.get(link)![timeline.dates.indexOf(date)]!;
    // Baltic Pipe: closed before 1 Oct 2022, half from 1 Oct, full from 30 Nov.
    expect(on('baltic-pipe', '2022-09-30')).toBe(0);
    expect(on('baltic-pipe', '2022-10-01')).toBeCloseTo(perDay('5 bcm/yr'), 6);
    expect(on('baltic-pipe', '2022-11-29')).toBeCloseTo(perDay('5 bcm/yr'), 6);
    expect(on('baltic-pipe', '2022-11-30')).toBeCloseTo(perDay('10 bcm/yr'), 6);
    // Wilhelmshaven from 17 Dec 2022; Eemshaven adds 8 bcm/yr from 1 Sep 2022.
    expect(on('regas-de', '2022-12-16')).toBe(0);
    expect(on('regas-de', '2022-12-17')).toBeCloseTo(perDay('5 bcm/yr'), 6);
    expect(on('regas-benelux', '2022-09-01') - on('regas-benelux', '2022-08-31')).toBeCloseTo(perDay('21.9 mcm/d'), 6);
    // Ukraine: the booking (schedule), not the technical capacity, bounds Sudzha.
    expect(on('sudzha-entry', '2022-03-01')).toBeCloseTo(perDay('77.2 mcm/d'), 6);
    // Reference demand follows the quarterly profile.
    const germany = base.network.nodes.find((node) => node.id === 'de-demand')!;
    const reference = dailyValues(germany.steps!.demandReferenceTonnesPerDay!, ['2022-03-31', '2022-04-01']);
    expect(reference[0]).toBeCloseTo(perDay('1408.6 TWh/yr'), 6);
    expect(reference[1]).toBeCloseTo(perDay('777.2 TWh/yr'), 6);
    // 2021 steps: the Maghreb-Europe pipeline until 31 Oct 2021, Medgaz's 4th compressor from 1 Dec 2021.
    const horizon = `id: late-2021\nname: late 2021\nnetwork: europe-gas\nhorizon: { start: 2021-10-01, end: 2021-12-31 }\nprices: { benchmark: [{ from: 2021-10-01, price: 1 USD/m3 }] }\n`;
    const resolved = scenarioFromText(horizon, 'late-2021.yaml', () => loadNetwork('europe-gas'));
    if (!resolved.ok) throw new Error(resolved.issues.map(renderIssue).join('\n'));
    const late2021 = buildTimeline(resolved.value, false);
    const in2021 = (link: string, date: string) => late2021.linkCapacity.get(link)?.[late2021.dates.indexOf(date)] ?? 0;
    expect(late2021.dates[0]).toBe('2021-10-01');
    expect(in2021('maghreb-europe', '2021-10-31')).toBeCloseTo(perDay('10 bcm/yr'), 6);
    expect(in2021('maghreb-europe', '2021-11-01')).toBe(0);
    expect(in2021('medgaz', '2021-11-30')).toBeCloseTo(perDay('8 bcm/yr'), 6);
    expect(in2021('medgaz', '2021-12-01')).toBeCloseTo(perDay('10.5 bcm/yr'), 6);
  });
});

describe('europe-gas scenarios', () => {
  for (const id of SCENARIOS) {
    it(`${id}: feasible, with mass balance and every capacity respected in baseline and scenario`, async () => {
      const outcome = await runScenario(scenario(id));
      if (outcome.status !== 'optimal') throw new Error(`${id}: ${outcome.status}: ${outcome.message}`);
      const violations = [...checkRun(outcome.solve.layout, outcome.solve.baseline), ...checkRun(outcome.solve.layout, outcome.solve.scenario)];
      expect(violations.slice(0, 5)).toEqual([]);
      // Gas accounts in energy: the event's own supply loses volume; the baseline loses nothing.
      const gas = outcome.result.gas!;
      expect(gas.units).toEqual({ energy: 'MWh', currency: 'EUR' });
      const lost = (supply: string) => gas.suppliers.find((row) => row.supply === supply)!.lostMWh;
      if (id === 'europe-gas-2022-baseline') expect(gas.suppliers.every((row) => row.lostMWh === 0)).toBe(true);
      else if (id === 'europe-gas-2022-freeport') expect(lost('lng-freeport')).toBeGreaterThan(0);
      else expect(lost('ru-gazprom')).toBeGreaterThan(0);
      // Energy balance over the year: supplied = consumed + stock change, in both runs.
      for (const run of ['baseline', 'scenario'] as const) {
        const supplied = gas.suppliers.reduce((sum, row) => sum + row[`${run}MWh`], 0);
        const consumed = gas.demand.reduce((sum, row) => sum + row[run].servedMWh, 0);
        const start = outcome.solve[run].timeline.network.nodes.reduce((sum, node) => sum + (node.kind === 'storage' ? node.initialTonnes : 0), 0);
        const end = gas.storage.reduce((sum, row) => sum + (run === 'baseline' ? row.endBaselineMWh : row.endScenarioMWh), 0);
        expect(Math.abs(supplied - consumed - (end - start)), `${run}: supplied ${supplied}, consumed ${consumed}, stock ${start} -> ${end}`).toBeLessThanOrEqual(1e-6 * supplied);
      }
    });
  }
});
