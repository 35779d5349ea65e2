import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server/app.ts';
import { scenarioWarnings } from '../src/scenario/warnings.ts';
import { textReport } from '../src/report/text-report.ts';
import { scenarioOf, solved } from './helpers.ts';

// A field behind a terminal without a capacity limit, fed by two moorings that do bind.
const network = `
id: moorings
name: Two moorings
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: exporter, name: Exporter, kind: state }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, taxedBy: exporter, fiscalTake: 40 % }
  - { id: tanks, kind: storage, name: Tanks, capacity: 100 t }
  - { id: terminal, kind: terminal, name: Terminal }
  - { id: market, kind: market, name: Market }
links:
  - { id: pipe, kind: pipeline, from: field, to: tanks, capacity: 100 t/d }
  - { id: spm-1, kind: mooring, from: tanks, to: terminal, capacity: 80 t/d }
  - { id: spm-2, kind: mooring, from: tanks, to: terminal, capacity: 80 t/d }
  - { id: ships, kind: tanker, from: terminal, to: market, route: Sea }
`;

const scenario = (events: string) =>
  scenarioOf(network, `
id: s
name: s
network: moorings
horizon: { start: 2022-07-01, end: 2022-07-10 }
prices: { benchmark: [{ from: 2022-07-01, price: 100 USD/bbl }] }
events:
${events}
`);

describe('scenario warnings', () => {
  it('a partial outage of an asset without a capacity limit names the assets that bind', () => {
    const warnings = scenarioWarnings(scenario('  - { type: outage, asset: terminal, start: 2022-07-02, days: 3, remaining: 40 % }'));
    expect(warnings.map((warning) => [warning.code, warning.path])).toEqual([['no-capacity-limit', 'events[0].remaining']]);
    expect(warnings[0]!.message).toContain('spm-1');
    expect(warnings[0]!.message).toContain('spm-2');
    expect(warnings[0]!.message).not.toContain('ships');
  });

  it('closing the same asset fully is not a no-op, so it earns no warning', () => {
    expect(scenarioWarnings(scenario('  - { type: outage, asset: terminal, start: 2022-07-02, days: 3, remaining: 0 % }'))).toEqual([]);
  });

  it('an event outside the horizon is named; one running past it is clipped', () => {
    const warnings = scenarioWarnings(
      scenario(`  - { type: outage, asset: spm-1, start: 2022-08-01, days: 3 }
  - { type: outage, asset: spm-2, start: 2022-07-08, days: 10 }
  - { type: penalty, payer: exporter, amount: 5, currency: USD, unitsPerUsd: 1, date: 2022-06-30 }
  - { type: expansion, asset: pipe, capacity: 120 t/d, start: 2022-07-11 }`),
    );
    expect(warnings.map((warning) => [warning.code, warning.path])).toEqual([
      ['event-outside-horizon', 'events[0].start'],
      ['event-clipped', 'events[1].end'],
      ['event-outside-horizon', 'events[2].date'],
      ['event-outside-horizon', 'events[3].start'],
    ]);
    expect(warnings[1]!.message).toContain('only 2022-07-08 to 2022-07-10 is simulated');
  });

  it('events that cannot change anything: 100 % left, a zero price change, the same capacity, a window inside a deeper closure', () => {
    const warnings = scenarioWarnings(
      scenario(`  - { type: outage, asset: spm-1, start: 2022-07-02, days: 3, remaining: 100 % }
  - { type: price, change: 0 USD/bbl, start: 2022-07-02, days: 3 }
  - { type: expansion, asset: pipe, capacity: 100 t/d, start: 2022-07-02 }
  - { type: outage, asset: spm-2, start: 2022-07-02, days: 6, remaining: 0 % }
  - { type: outage, asset: spm-2, start: 2022-07-03, days: 2, remaining: 50 % }`),
    );
    expect(warnings.map((warning) => [warning.code, warning.path])).toEqual([
      ['no-effect', 'events[0].remaining'],
      ['no-effect', 'events[1].change'],
      ['no-effect', 'events[2].capacity'],
      ['no-effect', 'events[4].asset'],
    ]);
    expect(warnings[3]!.message).toContain('events[3]');
  });

  it('a run whose events change no flow says so in the result and the text report', async () => {
    // One mooring of two out for a day: the other loads 80 of the 100 t/d and the tanks take the
    // other 20 t, which the moorings' spare 60 t/d clears the next day.
    const quiet = await solved(scenario('  - { type: outage, asset: spm-1, start: 2022-07-02, days: 1 }'));
    expect(quiet.warnings.map((warning) => warning.code)).toEqual(['no-impact']);
    expect(textReport(quiet, scenario('  - { type: outage, asset: spm-1, start: 2022-07-02, days: 1 }').network, { unit: 't', barrelsPerTonne: 7.5 })).toMatch(/WARNINGS\n {2}! the events change no export/);
    const biting = await solved(scenario('  - { type: outage, asset: terminal, start: 2022-07-02, days: 3, remaining: 0 % }'));
    expect(biting.warnings).toEqual([]);
    expect(biting.impact.exportsLostTonnes).toBeGreaterThan(0);
  });
});

describe('warnings through the API', () => {
  it('POST /api/runs answers with the scenario\'s warnings, and the finished run carries them', { timeout: 120_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-warnings-')), slots: 1 });
    try {
      const scenarioFile = { id: 'w', name: 'w', network: 'caspian-crude', horizon: { start: '2022-07-01', end: '2022-07-20' }, prices: { benchmark: [{ from: '2022-07-01', price: '100 USD/bbl' }] }, events: [{ type: 'outage', asset: 'cpc-loading', start: '2022-07-06', days: 10, remaining: '40 %' }] };
      const response = await fetch(`${app.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: scenarioFile }) });
      expect(response.status).toBe(202);
      const created = (await response.json()) as { id: string; warnings: { code: string; message: string }[] };
      expect(created.warnings.map((warning) => warning.code)).toEqual(['no-capacity-limit']);
      expect(created.warnings[0]!.message).toContain('cpc-spm-1');
      const stored = (await (await fetch(`${app.url}/api/runs/${created.id}?wait=60000`)).json()) as { status: string; result: { warnings: { code: string }[] } };
      expect(stored.status).toBe('done');
      expect(stored.result.warnings.map((warning) => warning.code)).toEqual(['no-capacity-limit', 'no-impact']);
    } finally {
      await app.close();
    }
  });
});
