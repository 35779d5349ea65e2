import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../src/analysis/analysis-schemas.ts';
import { ruleCosts, runsOn } from '../src/analysis/rule-costs.ts';
import { runScenario } from '../src/analysis/run.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import { scenarioWarnings } from '../src/scenario/warnings.ts';
import { ruleEvent, rulesScenario, twoOrigins } from './fixtures/two-origins.ts';
import { assertInDelta, scenarioOf } from './helpers.ts';

// An EU embargo on Russian crude (origin, or Russian owners of at least 25 %, which would catch the
// Kazakh field: 30 % Russian-owned, but it is exempt) and a US secondary sanction on Asian buyers
// of Russian-origin crude (2 USD/bbl passed back), both for 10 of the 20 days. 750 bbl/d a field.
const rules =
  ruleEvent('eu-embargo', 'embargo', 'eu', 'eu-port', ['origins: [ru]', 'owners: { of: ru, atLeast: 25 % }', 'exempt: [{ field: kz-field, reason: "non-Russian origin (test)" }]']) +
  ruleEvent('us-secondary', 'secondary', 'us', 'asia-port', ['origins: [ru]', 'penalty: 2 USD/bbl']);

const barrels = 750 * 10;

describe('who bears each rule\'s cost, and which exemptions matter (hand-solved)', () => {
  it('each rule alone and added last; the exemption by the netback it saves; every actor with its role', async () => {
    const report = await ruleCosts(scenarioOf(twoOrigins, rulesScenario(rules)), (variant) => runScenario(variant));
    if (!('analysis' in report)) throw new Error(report.message);
    rulesSchema.parse(report);
    // Both rules: the Russian crude goes to Asia at 75 - 2 instead of 80 at the EU port.
    assertInDelta(report.total.netbackLostUsd, 7 * barrels, 0.01, 'total');
    const [embargo, secondary] = report.rules;
    // The embargo alone sends it to Asia at 75; without it the crude never goes to Asia, so it adds all 7.
    assertInDelta(embargo!.aloneNetbackLostUsd, 5 * barrels, 0.01, 'embargo alone');
    assertInDelta(embargo!.lastNetbackLostUsd, 7 * barrels, 0.01, 'embargo added last');
    // The secondary sanction alone costs nothing (no Russian crude goes to Asia); added last, 2 USD/bbl.
    assertInDelta(secondary!.aloneNetbackLostUsd, 0, 0.01, 'secondary alone');
    assertInDelta(secondary!.lastNetbackLostUsd, 2 * barrels, 0.01, 'secondary added last');
    const ru = embargo!.byActor.find((row) => row.actor === 'ru')!;
    assertInDelta(ru.lastUsd, 0.4 * 7 * barrels, 0.01, "Russia's fiscal take, embargo added last");
    expect(ru.roles).toEqual(['target']);
    expect(embargo!.byActor.find((row) => row.actor === 'rco')!.roles).toEqual(['target', 'exempt']);
    // Lifting the exemption catches the Kazakh field: its crude goes to Asia at 75 (the secondary
    // sanction is on Russian origin only), 5 USD/bbl on 750 bbl/d for 10 days.
    expect(report.exemptions).toHaveLength(1);
    const exemption = report.exemptions[0]!;
    expect(exemption).toMatchObject({ rule: 'eu-embargo', field: 'kz-field', markets: ['eu-port'] });
    assertInDelta(exemption.worthUsd!, 5 * barrels, 0.01, 'what the exemption saves');
    const spared = Object.fromEntries(exemption.byActor.map((row) => [row.actor, row.lossUsd]));
    assertInDelta(spared.kz!, 0.4 * 5 * barrels, 0.01, 'Kazakhstan (fiscal take)');
    assertInDelta(spared.kco!, 0.6 * 0.7 * 5 * barrels, 0.01, 'Kazakh Co (70 % after tax)');
    assertInDelta(spared.rco!, 0.6 * 0.3 * 5 * barrels, 0.01, 'Russian Co (30 % after tax)');
    // With two rules each one alone is the scenario without the other: full, two of those, the exemption lifted.
    expect(report.runs).toBe(4);
  });

  it('on a worker thread, as the server and --workers run it: the same report as run in process', { timeout: 60_000 }, async () => {
    const scenario = scenarioOf(twoOrigins, rulesScenario(rules));
    const inProcess = await ruleCosts(scenario, (variant) => runScenario(variant));
    const runner = workerRunner({ workers: 1, mainLane: false });
    try {
      expect(await ruleCosts(scenario, runsOn(runner))).toEqual(inProcess);
    } finally {
      await runner.close();
    }
  });

  it('"exported from": a crude is caught where it can reach the market only through the state, not where it has a route round it', () => {
    // kz-field reaches the EU port only through a Russian port; a second Kazakh field also has a Georgian one.
    const network = twoOrigins
      .replace('  - { id: port, kind: junction, name: Black Sea port }', '  - { id: port, kind: junction, name: Russian port, jurisdiction: [ru] }\n  - { id: ge-port, kind: junction, name: Georgian port }\n  - { id: kz-two, kind: field, name: Second Kazakh field, production: 50 t/d, liftingCost: 10 USD/t, taxedBy: kz, fiscalTake: 40 % }')
      .replace('  - { id: to-eu, kind: tanker, from: port, to: eu-port }', '  - { id: to-eu, kind: tanker, from: port, to: eu-port }\n  - { id: kz-two-ru, kind: pipeline, from: kz-two, to: port }\n  - { id: kz-two-ge, kind: pipeline, from: kz-two, to: ge-port }\n  - { id: ge-eu, kind: tanker, from: ge-port, to: eu-port }');
    const exported = (exempt: string) => ruleEvent('exported-from', 'embargo', 'eu', 'eu-port', ['exportedFrom: [ru]', `exempt: [${exempt}]`]);
    const scenario = scenarioOf(network, rulesScenario(exported('{ field: kz-two, reason: "test" }')));
    const rule = scenario.events.find((event) => event.type === 'rule')!;
    if (rule.type !== 'rule') throw new Error('no rule');
    expect(rule.caughtAt.get('eu-port')).toEqual(['kz-field', 'ru-field']);
    // kz-two has a route round Russia, so its exemption changes nothing, and the warnings say so.
    expect(rule.exempt).toEqual([{ field: 'kz-two', reason: 'test', markets: [] }]);
    expect(scenarioWarnings(scenario).map((warning) => warning.message).join('\n')).toMatch(/exempts kz-two, which it would not catch anyway/);
  });
});
