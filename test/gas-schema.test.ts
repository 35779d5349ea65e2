import { describe, expect, it } from 'vitest';
import { networkFromText } from '../src/model/load-network.ts';
import type { MarketNode, Network, StorageNode } from '../src/model/network.ts';

/** A tiny gas network: Russian pipeline gas and LNG into one demand market with a storage. */
export const gasNetwork = (extra = '') => `
id: tiny-gas
name: tiny gas
commodity: { name: natural gas, kind: gas, kWhPerCubicMetre: { value: 10.55, estimate: "typical H-gas GCV" } }
money: { currency: EUR, usdPerEur: { value: 1.05, date: "2022 average", estimate: "round rate for the test" } }
benchmark: { name: TTF }
actors:
  - { id: ru, name: Russia, kind: state }
  - { id: ua, name: Ukraine, kind: state }
  - { id: gazprom, name: Gazprom, kind: company, country: ru }
nodes:
  - { id: russia, kind: field, name: Russian gas, production: 10 mcm/d, liftingCost: 20 EUR/MWh, taxedBy: ru, fiscalTake: 30 %, owners: [{ actor: gazprom, share: 100 % }] }
  - { id: lng, kind: field, name: LNG, lng: true, production: 1000 GWh/d, liftingCost: 10 USD/MMBtu, taxedBy: ru, fiscalTake: 0 }
  - { id: store, kind: storage, name: Storage, state: ua, capacity: 1 TWh, initial: 0.2 TWh, injection: 50 GWh/d, withdrawal: 80 GWh/d,
      fillTargets: [{ by: 2022-01-10, share: 80 %, penalty: 100 EUR/MWh }] }
  - id: market
    kind: market
    name: Market
    demand:
      reference: 100 GWh/d
      steps: [{ share: 10 %, price: 60 EUR/MWh }, { share: 20 %, price: 120 EUR/MWh }]
      valueOfLostLoad: 1000 EUR/MWh
links:
  - { id: transit, kind: pipeline, from: russia, to: market, capacity: 10 mcm/d, owners: [{ actor: ua, share: 100 % }], shipOrPay: { booked: 5 mcm/d, fee: 2 EUR/MWh, payer: gazprom } }
  - { id: regas, kind: berth, from: lng, to: market, capacity: 30 GWh/d }
  - { id: inject, kind: pipeline, from: russia, to: store }
  - { id: draw, kind: pipeline, from: store, to: market }
${extra}`;

function loaded(text: string): Network {
  const result = networkFromText(text, 'tiny-gas.yaml');
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  return result.value;
}

describe('gas network schema', () => {
  it('converts volumes through the calorific value and USD/MMBtu through the stated rate', () => {
    const network = loaded(gasNetwork());
    expect(network.commodity.kind).toBe('gas');
    const russia = network.nodes.find((node) => node.id === 'russia')!;
    // 10 mcm/d × 10.55 kWh/m3 = 105,500 MWh/d.
    expect(russia.kind === 'field' && russia.productionTonnesPerDay).toBeCloseTo(105_500, 6);
    const lng = network.nodes.find((node) => node.id === 'lng')!;
    // 10 USD/MMBtu = 34.12142 USD/MWh = 32.4966 EUR/MWh at 1.05 USD/EUR.
    expect(lng.kind === 'field' && lng.liftingCostUsdPerTonne).toBeCloseTo((10 / 0.29307107) / 1.05, 9);
    expect(lng.kind === 'field' && lng.lng).toBe(true);
  });

  it('resolves demand steps, storage limits and targets, and ship-or-pay bookings', () => {
    const network = loaded(gasNetwork());
    const market = network.nodes.find((node) => node.id === 'market') as MarketNode;
    expect(market.demandReferenceTonnesPerDay).toBe(100_000);
    expect(market.demand?.steps).toEqual([{ share: 0.1, priceUsdPerTonne: 60 }, { share: 0.2, priceUsdPerTonne: 120 }]);
    expect(market.demand?.firmShare).toBeCloseTo(0.7, 12);
    expect(market.demand?.valueOfLostLoadUsdPerTonne).toBe(1000);
    const store = network.nodes.find((node) => node.id === 'store') as StorageNode;
    expect([store.capacityTonnes, store.initialTonnes, store.injectionTonnesPerDay, store.withdrawalTonnesPerDay]).toEqual([1e6, 2e5, 5e4, 8e4]);
    expect(store.fillTargets).toEqual([{ by: '2022-01-10', share: 0.8, penaltyUsdPerTonne: 100 }]);
    const transit = network.links.find((link) => link.id === 'transit')!;
    expect(transit.bookedTonnesPerDay).toBeCloseTo(52_750, 6);
    expect(transit.shipOrPayFeeUsdPerTonne).toBe(2);
    expect(transit.shipOrPay).toEqual({ payer: 'gazprom' });
  });

  it('turns an elasticity into steps on a constant-elasticity curve', () => {
    const text = gasNetwork().replace(
      'steps: [{ share: 10 %, price: 60 EUR/MWh }, { share: 20 %, price: 120 EUR/MWh }]',
      'elasticity: -0.5\n      referencePrice: 25 EUR/MWh\n      priceCeiling: 100 EUR/MWh\n      stepCount: 2',
    );
    const market = loaded(text).nodes.find((node) => node.id === 'market') as MarketNode;
    // Prices 25 → 50 → 100: D(50) = 2^-0.5 = 0.7071, D(100) = 0.5; slices 0.2929 at √(25·50), 0.2071 at √(50·100).
    const steps = market.demand!.steps;
    expect(steps[0]!.share).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(steps[0]!.priceUsdPerTonne).toBeCloseTo(Math.sqrt(1250), 12);
    expect(steps[1]!.share).toBeCloseTo(Math.SQRT1_2 - 0.5, 12);
    expect(steps[1]!.priceUsdPerTonne).toBeCloseTo(Math.sqrt(5000), 12);
    expect(market.demand!.firmShare).toBeCloseTo(0.5, 12);
  });

  it('refuses crude units in a gas network and energy units in a crude one, naming the path', () => {
    const bad = networkFromText(gasNetwork().replace('production: 10 mcm/d', 'production: 10 kt/d'), 'bad.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues[0]!.path).toEqual(['nodes', 0, 'production']);
      expect(bad.issues[0]!.message).toContain('gas network');
      expect(bad.issues[0]!.line).toBe(12);
    }
    const crude = networkFromText(
      `id: c\nname: c\ncommodity: { name: crude, barrelsPerTonne: 7.3 }\nbenchmark: { name: Brent }\nactors: [{ id: s, name: S, kind: state }]\nnodes:\n  - { id: f, kind: field, name: F, production: 5 GWh/d, liftingCost: 1 USD/t, taxedBy: s, fiscalTake: 0 }\n  - { id: m, kind: market, name: M }\nlinks: [{ id: l, kind: pipeline, from: f, to: m }]\n`,
      'crude.yaml',
    );
    expect(crude.ok).toBe(false);
    if (!crude.ok) expect(crude.issues[0]!.message).toContain('only a gas network');
  });

  it('refuses a figure in the other currency without a stated rate, and a gas network without its calorific value', () => {
    const noRate = networkFromText(gasNetwork().replace(', usdPerEur: { value: 1.05, date: "2022 average", estimate: "round rate for the test" }', ''), 'rate.yaml');
    expect(noRate.ok).toBe(false);
    if (!noRate.ok) expect(noRate.issues.map((issue) => issue.message).join()).toContain('money.usdPerEur');
    const noCalorific = networkFromText(gasNetwork().replace(', kWhPerCubicMetre: { value: 10.55, estimate: "typical H-gas GCV" }', ''), 'cv.yaml');
    expect(noCalorific.ok).toBe(false);
    if (!noCalorific.ok) expect(noCalorific.issues.map((issue) => issue.path.join('.'))).toContain('commodity.kWhPerCubicMetre');
  });

  it('refuses a demand curve given both as steps and as an elasticity, and a minimum intake beside it', () => {
    const both = networkFromText(gasNetwork().replace('valueOfLostLoad: 1000 EUR/MWh', 'valueOfLostLoad: 1000 EUR/MWh\n      elasticity: -0.1'), 'both.yaml');
    expect(both.ok).toBe(false);
    const minimum = networkFromText(gasNetwork().replace('    name: Market\n', '    name: Market\n    minimumIntake: 10 GWh/d\n'), 'min.yaml');
    expect(minimum.ok).toBe(false);
    if (!minimum.ok) expect(minimum.issues[0]!.message).toContain('firm demand');
  });
});
