import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateRisk } from '../src/analysis/risk.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { loadHazards } from '../src/io/files.ts';
import { renderIssue } from '../src/model/issues.ts';
import { riskText } from '../src/report/analysis-reports.ts';
import { tinyGas } from './gas-network.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;

async function textOf(reference: string, base: string, years: number): Promise<string> {
  const set = loadHazards(reference, base);
  if (!set.ok) throw new Error(set.issues.map(renderIssue).join('\n'));
  const runner = inProcessRunner();
  try {
    const report = await simulateRisk(set.value, set.value.price ?? set.value.network.referencePrice!, runner, { years, seed: 7, chunkYears: 250 });
    if ('status' in report) throw new Error(report.message);
    return riskText(report, set.value.network);
  } finally {
    await runner.close();
  }
}

/** The table under a heading of a text report (heading, header, rule, rows up to the blank line). */
const tableAfter = (text: string, heading: RegExp) => text.split('\n\n').find((block) => heading.test(block))!.split('\n').slice(3);

describe('the risk text report', () => {
  it('names each hazard in the drivers table, with its id last for --condition', async () => {
    const text = await textOf('tiny-hazards.yaml', fixtures, 200);
    const [row] = tableAfter(text, /^DRIVERS/);
    expect(row).toMatch(/^The route is cut\s.*\sroute-cut$/);
  });

  it('on a gas network: money in its currency, the price per MWh, suppliers rather than exporters', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gasrest-risk-'));
    writeFileSync(join(directory, 'network.yaml'), tinyGas({ regas: '50 GWh/d' }));
    writeFileSync(
      join(directory, 'hazards.yaml'),
      `id: tiny-gas-hazards
name: transit cuts
network: network.yaml
price: 50 EUR/MWh
leadDays: 2
recoveryDays: 5
priors:
  political: { shape: 0.5, years: 1, reasoning: test }
hazards:
  - { id: transit-cut, name: The transit is cut, kind: political, assets: [transit], rate: { value: 1, estimate: test }, duration: { fixed: 5 } }
`,
    );
    const text = await textOf('hazards.yaml', directory, 50);
    expect(text).toMatch(/^RISK of tiny-gas .* at 50\.00 EUR\/MWh/);
    expect(text).toMatch(/\nall suppliers' netback +[-\d.,]+ [MbnE ]*EUR/);
    for (const heading of [/^DRIVERS/, /^RATES/]) expect(tableAfter(text, heading)[0], String(heading)).toMatch(/^The transit is cut\s.*\stransit-cut$/);
    expect(text).not.toMatch(/USD|bbl|exporters/);
  });
});
