import type { LinkKind } from './network.ts';

/**
 * Oil already shipped on a link with a transit time whose destination cannot take it when it
 * arrives (an outage or a rule closed the terminal or everything after it while the oil was on
 * its way) is held in transit: tankers wait at anchor off the terminal, wagons stand in the
 * sidings, a stopped pipe keeps its contents. It is delivered when the destination can take it
 * again, or, at the horizon's end, valued as stock at that destination (see docs/operations.md).
 * What holding a tonne for a day costs, by the kind of link it came by.
 */
export const HELD_IN_TRANSIT_COST: Readonly<Record<LinkKind, { readonly usdPerTonneDay: number; readonly estimate: string }>> = {
  tanker: {
    usdPerTonneDay: 1,
    estimate:
      'Demurrage: a Caspian tanker of 8–12 kdwt costs of the order of 10 kUSD a day on hire or in demurrage, about 1 USD per tonne of cargo a day; an Aframax (~100 kt) at 30–50 kUSD/day is 0.3–0.5 USD/t·day. Charter rates not found in the sources; the Caspian figure is taken as the ships held are Caspian ones.',
  },
  rail: {
    usdPerTonneDay: 0.5,
    estimate: 'A tank wagon (~60 t) held loaded beyond its free time: rent or demurrage of about 30 USD a day, 0.5 USD/t·day. Not sourced.',
  },
  pipeline: {
    usdPerTonneDay: 0,
    estimate: 'A stopped pipe keeps its contents at no charge (the operator owns the pipe); the time the oil waits is counted by discounting.',
  },
  mooring: { usdPerTonneDay: 0, estimate: 'Moorings and berths have no transit time in the shipped data; nothing waits on them.' },
  berth: { usdPerTonneDay: 0, estimate: 'Moorings and berths have no transit time in the shipped data; nothing waits on them.' },
  other: { usdPerTonneDay: 0, estimate: 'No basis for a figure; state one per network if it matters.' },
};
