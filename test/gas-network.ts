/** Tiny gas networks for the hand-solved gas tests (test/gas-*.test.ts). */

export interface TinyGas {
  readonly russia?: string;
  /** Russian gas's lifting cost (a quantity or dated steps). */
  readonly russiaCost?: string;
  readonly transit?: string;
  readonly lngPrice?: string;
  readonly regas?: string;
  readonly demand?: string;
  readonly storage?: string;
  /** Where the storage is filled from (default: Russia, bypassing the transit link); 'none' for no injection. */
  readonly injectFrom?: string;
}

/**
 * Russian pipeline gas (20 EUR/MWh) through a Ukrainian transit link, and LNG through a regas
 * terminal, into one market with a demand curve; optionally a storage between Russia and the market.
 */
export const tinyGas = (options: TinyGas = {}) => `
id: tiny-gas
name: tiny gas
commodity: { name: natural gas, kind: gas, kWhPerCubicMetre: 10.55 }
money: { currency: EUR, usdPerEur: { value: 1.05, date: "2022", estimate: "test rate" } }
benchmark: { name: TTF }
actors:
  - { id: ru, name: Russia, kind: state }
  - { id: ua, name: Ukraine, kind: state }
  - { id: gazprom, name: Gazprom, kind: company, country: ru }
nodes:
  - { id: russia, kind: field, name: Russian gas, production: ${options.russia ?? '100 GWh/d'}, liftingCost: ${options.russiaCost ?? '20 EUR/MWh'}, taxedBy: ru, fiscalTake: 0, owners: [{ actor: gazprom, share: 100 % }] }
  - { id: lng, kind: field, name: LNG, lng: true, production: 1000 GWh/d, liftingCost: ${options.lngPrice ?? '80 EUR/MWh'}, taxedBy: ru, fiscalTake: 0 }
  - { id: terminal, kind: terminal, name: Regas, throughput: ${options.regas ?? '90 GWh/d'} }
  - id: market
    kind: market
    name: Market
    state: ua
    demand:
${options.demand ?? `      reference: 100 GWh/d
      steps: [{ share: 10 %, price: 60 EUR/MWh }, { share: 20 %, price: 120 EUR/MWh }]
      valueOfLostLoad: 1000 EUR/MWh`}
${options.storage ? `  - { id: store, kind: storage, name: Storage, state: ua, ${options.storage} }` : ''}
links:
  - { id: transit, kind: pipeline, from: russia, to: market, capacity: ${options.transit ?? '100 GWh/d'}, owners: [{ actor: ua, share: 100 % }], shipOrPay: { booked: 50 GWh/d, fee: 2 EUR/MWh, payer: gazprom } }
  - { id: lng-ship, kind: tanker, from: lng, to: terminal }
  - { id: send-out, kind: pipeline, from: terminal, to: market }
${options.storage && options.injectFrom !== 'none' ? `  - { id: inject, kind: pipeline, from: ${options.injectFrom ?? 'russia'}, to: store }` : ''}
${options.storage ? '  - { id: draw, kind: pipeline, from: store, to: market }' : ''}
`;

/** Ten days of January 2022 at a TTF of `price`, with the given events; solved by hand with hindsight. */
export const tenDays = (events: string, price = '50 EUR/MWh') => `
id: test
name: test
network: inline
horizon: { start: 2022-01-01, end: 2022-01-10 }
operations: { mode: hindsight }
prices: { benchmark: [{ from: 2022-01-01, price: ${price} }] }
events:${events}
`;

/** The Russian transit closed (or cut to `remaining`) on days 4–8. */
export const transitCut = (remaining = '0 %') => `\n  - { type: outage, asset: transit, start: 2022-01-04, days: 5, remaining: ${remaining} }`;
