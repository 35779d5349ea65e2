import { describe, expect, it } from 'vitest';
import { assertInDelta, route, scenarioOf, solved } from './helpers.ts';
import { loadNetwork } from '../src/io/files.ts';
import { changesWithin, dailyValues, networkAt, networkDuring, valueOn } from '../src/model/dated.ts';
import { networkFromText } from '../src/model/load-network.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';
import { buildTimeline } from '../src/scenario/timeline.ts';

const MT_PER_YEAR = 1e6 / 365;

/** One field, a dated pipeline and a route that opens mid-horizon; all figures by hand. */
const network = `
id: dated
name: dated
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
  - { id: old, name: Old owner, kind: company }
  - { id: new, name: New owner, kind: company }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, taxedBy: state, fiscalTake: 40 % }
  - { id: port, kind: market, name: Port }
  - id: far
    kind: market
    name: Far market
    service: { from: 2022-01-11, source: "route opens on the 11th" }
links:
  - id: pipe
    kind: pipeline
    from: field
    to: port
    route: Pipe
    capacity:
      - { from: 2022-01-01, value: 40 t/d, source: "old rating" }
      - { from: 2022-01-06, value: 70 t/d, source: "debottlenecked on the 6th" }
    tariff:
      - { from: 2021-01-01, value: 10 USD/t, source: "old tariff" }
      - { from: 2022-01-20, value: 12 USD/t, source: "indexed on the 20th" }
    owners:
      - { from: 2021-01-01, value: [{ actor: old, share: 100 % }], source: "founder" }
      - { from: 2022-01-15, value: [{ actor: new, share: 100 % }], source: "sold on the 15th" }
  - { id: new-route, kind: pipeline, from: field, to: far, route: New, tariff: 30 USD/t }
`;

const scenario = (start: string, end: string) => `
id: dated-run
name: dated run
network: inline
horizon: { start: ${start}, end: ${end} }
prices: { benchmark: [{ from: 2021-01-01, price: 100 USD/t }] }
`;

describe('a dated network', () => {
  it('valueOn and dailyValues: each step holds from its day, the first also before it', () => {
    const steps = [{ from: '2022-01-03', value: 1 }, { from: '2022-01-05', value: 2 }];
    expect(valueOn(steps, '2022-01-01')).toBe(1);
    expect(valueOn(steps, '2022-01-05')).toBe(2);
    expect(valueOn(steps, undefined)).toBe(1);
    expect([...dailyValues(steps, ['2022-01-02', '2022-01-03', '2022-01-04', '2022-01-05', '2022-01-06'])]).toEqual([1, 1, 1, 2, 2]);
  });

  it('a capacity that steps mid-horizon changes the flow that day, and a route that opens carries oil only from its first day', async () => {
    const result = await solved(scenarioOf(network, scenario('2022-01-01', '2022-01-20')));
    // Days 1-5: pipe 40 t/d, far market not in service: 40 t/d produced (60 t/d shut in).
    // Days 6-10: pipe 70 t/d. Days 11-20: pipe 70 + new route 30 t/d (margin 100-50-30 = 20 > 0).
    // On the 20th the tariff steps, but tariffs are taken on the horizon's first day (10 USD/t).
    const pipe = 5 * 40 + 5 * 70 + 10 * 70;
    const far = 10 * 30;
    expect(result.baseline.productionTonnes).toBeCloseTo(pipe + far, 6);
    assertInDelta(route(result.baseline.exportsByRoute, 'Pipe'), pipe, 1e-6, 'tonnes through the pipe');
    assertInDelta(route(result.baseline.exportsByRoute, 'New'), far, 1e-6, 'tonnes on the new route');
    expect(result.baseline.netbackUsd).toBeCloseTo(pipe * 40 + far * 20, 3);
  });

  it('a horizon that starts later runs on that day\'s tariff and owners, without an overlay', () => {
    const late = scenarioOf(network, scenario('2022-01-20', '2022-01-25'));
    const pipe = late.network.links.find((link) => link.id === 'pipe')!;
    expect(pipe.tariffUsdPerTonne).toBe(12);
    expect(pipe.owners).toEqual([{ actor: 'new', share: 1 }]);
    expect(pipe.capacityTonnesPerDay).toBe(70);
    const early = scenarioOf(network, scenario('2022-01-01', '2022-01-05'));
    // The far market and the route into it are not in service on any day of this horizon.
    expect(early.network.nodes.map((node) => node.id)).toEqual(['field', 'port']);
    expect(early.network.links.map((link) => link.id)).toEqual(['pipe']);
    expect(early.network.links[0]!.owners).toEqual([{ actor: 'old', share: 1 }]);
  });

  it('lists figures taken on the first day that change inside the horizon', () => {
    const loaded = networkFromText(network, 'network.yaml');
    if (!loaded.ok) throw new Error('does not load');
    expect(changesWithin(loaded.value, '2022-01-01', '2022-01-31')).toEqual([
      { asset: 'pipe', figure: 'tariffUsdPerTonne', from: '2022-01-20' },
      { asset: 'pipe', figure: 'owners', from: '2022-01-15' },
    ]);
  });

  it('an event on an asset out of service in the horizon is refused with the dates that would work', () => {
    const loaded = networkFromText(network, 'network.yaml');
    const text = `${scenario('2022-01-01', '2022-01-05')}events:\n  - { type: outage, asset: new-route, start: 2022-01-02, days: 2 }\n`;
    const resolved = scenarioFromText(text, 'scenario.yaml', () => loaded);
    expect(resolved.ok).toBe(false);
    if (resolved.ok) return;
    expect(resolved.issues[0]!.code).toBe('out-of-service');
    expect(resolved.issues[0]!.message).toContain('"far"');
  });

  it('steps out of date order are refused, naming the step', () => {
    const bad = network.replace('from: 2022-01-06, value: 70 t/d', 'from: 2021-12-06, value: 70 t/d');
    const loaded = networkFromText(bad, 'network.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues[0]!.message).toContain('increasing date order');
    expect(loaded.issues[0]!.path).toEqual(['links', 0, 'capacity', 1, 'from']);
  });
});

describe('caspian-crude is dated 2022-2026', () => {
  const loaded = loadNetwork('caspian-crude');
  if (!loaded.ok) throw new Error('caspian-crude does not load');
  const caspian = loaded.value;
  const shipped = (start: string, end: string) => {
    const text = `id: dated\nname: dated\nnetwork: caspian-crude\nhorizon: { start: ${start}, end: ${end} }\nprices: { benchmark: [{ from: ${start}, price: 70 USD/bbl }] }\n`;
    const resolved = scenarioFromText(text, 'scenario.yaml', () => loaded);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
    return resolved.value;
  };
  const perYear = (series: Float64Array | undefined, day = 0) => Math.round((series![day]! / MT_PER_YEAR) * 1000) / 1000;

  it('a November 2025 scenario runs on 2025 capacities with no overlay file', () => {
    const november = shipped('2025-11-01', '2025-11-30');
    const timeline = buildTimeline(november, false);
    expect(perYear(timeline.linkCapacity.get('cpc-kazakh-section'))).toBe(72.5);
    expect(perYear(timeline.linkCapacity.get('cpc-russian-section'))).toBe(81.5);
    expect(perYear(timeline.nodeThroughput.get('tengiz'))).toBe(38.9);
    expect(perYear(timeline.nodeThroughput.get('kashagan'))).toBe(18.2);
    expect(perYear(timeline.linkCapacity.get('btc-kazakh'))).toBe(2.2);
    expect(perYear(timeline.linkCapacity.get('samara-handover'))).toBe(8.8);
    expect(perYear(timeline.nodeThroughput.get('caspian-fleet'))).toBe(3);
    // Kazakh crude to Germany via Druzhba exists from February 2023.
    expect(perYear(timeline.linkCapacity.get('druzhba-germany'))).toBe(1.2);
    expect(november.network.links.find((link) => link.id === 'omsk-priirtyshsk')!.tariffUsdPerTonne).toBe(2.1);
  });

  it('a 2022 scenario runs on the 2022 system: no Druzhba route, pre-debottlenecking CPC', () => {
    const july = shipped('2022-06-01', '2022-09-30');
    expect(july.network.nodes.some((node) => node.id === 'schwedt')).toBe(false);
    expect(july.network.links.some((link) => link.id === 'druzhba-germany')).toBe(false);
    const timeline = buildTimeline(july, false);
    expect(perYear(timeline.linkCapacity.get('cpc-kazakh-section'), 121)).toBe(53.7);
    expect(perYear(timeline.nodeThroughput.get('tengiz'), 121)).toBe(29.2);
  });

  it('a horizon crossing a step changes capacity on that day: the BTC contract and FGP first oil', () => {
    const spring = shipped('2023-03-20', '2023-03-26');
    const btc = buildTimeline(spring, false).linkCapacity.get('btc-kazakh')!;
    expect([...btc].map((value) => Math.round((value / MT_PER_YEAR) * 100) / 100)).toEqual([0.25, 0.25, 0.25, 1.5, 1.5, 1.5, 1.5]);
    const fgp = buildTimeline(shipped('2025-01-22', '2025-01-25'), false).nodeThroughput.get('tengiz')!;
    expect([...fgp].map((value) => Math.round((value / MT_PER_YEAR) * 10) / 10)).toEqual([30.4, 30.4, 34.7, 34.7]);
  });

  it('the Druzhba route opens on its first day within a horizon that spans it', () => {
    const winter = shipped('2023-01-30', '2023-02-02');
    const druzhba = buildTimeline(winter, false).linkCapacity.get('druzhba-germany')!;
    expect([...druzhba].map((value) => (value > 0 ? 1 : 0))).toEqual([0, 0, 1, 1]);
  });

  it('analyses on a date see that date\'s system; steady-state ones a frozen copy', () => {
    expect(networkDuring(caspian, '2022-07-06', '2022-08-04').links.some((link) => link.id === 'druzhba-germany')).toBe(false);
    const frozen = networkAt(caspian, '2025-07-01');
    expect(frozen.links.find((link) => link.id === 'cpc-kazakh-section')!.capacityTonnesPerDay / MT_PER_YEAR).toBeCloseTo(72.5, 9);
    expect(frozen.links.every((link) => link.steps === undefined && link.service === undefined)).toBe(true);
    // The same horizon gives the same network object, so caches keyed by identity keep working.
    expect(networkDuring(caspian, '2025-01-01', '2025-01-31')).toBe(networkDuring(caspian, '2025-01-01', '2025-01-31'));
  });
});
