import { networkAt } from '../model/dated.ts';
import { isGas, type Link, type Network, type NetworkNode, type Price } from '../model/network.ts';
import type { ExpansionEvent, Scenario } from '../scenario/scenario.ts';
import { allAssets, closureEvents } from './analysis-base.ts';
import type { PowerReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';
import { mulberry32 } from './risk-sampler.ts';
import { newSessionKey, type BatchOutcome, type Progress, type VariantRunner } from './variants.ts';

/** Who plays: actors with jurisdiction (states, by default), owners too, or a given list. */
export type PlayerSelection = 'jurisdiction' | 'all' | readonly string[];

export interface PowerOptions {
  readonly players?: PlayerSelection;
  /** Exact enumeration up to this many players (2^n coalitions); sampling beyond. */
  readonly exactLimit?: number;
  /** Permutations to sample when there are more players than `exactLimit`. */
  readonly samples?: number;
  readonly seed?: number;
  /** Expansions (e.g. a bypass) for the comparison game. */
  readonly bypass?: { readonly label: string; readonly expansions: readonly ExpansionEvent[] };
  readonly onProgress?: Progress | undefined;
}

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;

/** Share of an asset's equity that must be in a coalition for the asset to operate. */
export const CONTROL_SHARE = 0.5;
const DAYS_PER_YEAR = 365;

/**
 * Pipeline power as a cooperative game (after Hubert & Ikonnikova; Hubert & Cobanli): a coalition
 * earns what the network earns in a year of steady operation when only assets the coalition can
 * operate are open. An asset operates when every player with jurisdiction over it is in the
 * coalition and, if owners play, owners in it (with owners who do not play) hold at least half of
 * it. Values are normalised so the empty coalition earns 0.
 */
export async function pipelinePower(datedNetwork: Network, date: string, price: Price, runner: VariantRunner, options: PowerOptions = {}): Promise<PowerReport | Failure> {
  // A year of steady operation of the system as it stood on the date.
  const network = networkAt(datedNetwork, date);
  const currency = network.commodity.currency ?? 'EUR';
  const players = choosePlayers(network, options.players ?? 'jurisdiction');
  const main = await playGame(network, date, price, players, runner, options);
  if ('status' in main) return main;
  let withBypass: PowerReport['withBypass'] = undefined;
  let performance = main.performance;
  if (options.bypass) {
    const extended = withExpansions(network, options.bypass.expansions);
    const other = await playGame(extended, date, price, players, runner, options);
    if ('status' in other) return other;
    performance = { ...performance, solves: performance.solves + other.performance.solves, wallMs: performance.wallMs + other.performance.wallMs, solveMs: performance.solveMs + other.performance.solveMs };
    withBypass = {
      label: options.bypass.label,
      players: other.players,
      grandCoalitionValueUsd: other.grandCoalitionValueUsd,
      changes: main.players.map((row) => {
        const after = other.players.find((candidate) => candidate.actor === row.actor)?.shapley ?? 0;
        return { actor: row.actor, before: row.shapley, after, changeUsd: round(after - row.shapley, 0) };
      }),
    };
  }
  return {
    analysis: 'power',
    network: network.id,
    method: main.method,
    ...(main.samples === undefined ? {} : { samples: main.samples }),
    ...(isGas(network) ? { units: { energy: 'MWh' as const, currency } } : {}),
    valueBasis: isGas(network)
      ? `${currency} per year: a steady day at ${round(price.perTonne, 2)} ${currency}/MWh benchmark (${date}) × 365; sales at the benchmark less supply costs, tariffs netted out; storage ignored`
      : `USD per year: a steady day at ${price.perBarrel > 0 ? `${round(price.perBarrel, 2)} USD/bbl` : `${round(price.perTonne, 2)} USD/t`} benchmark (${date}) × 365; sales less lifting and holding costs, tariffs netted out; transit times and storage ignored`,
    players: main.players,
    grandCoalitionValueUsd: main.grandCoalitionValueUsd,
    emptyCoalitionValueUsd: main.emptyCoalitionValueUsd,
    coalitionsEvaluated: main.coalitionsEvaluated,
    distinctSolves: main.distinctSolves,
    ...(withBypass ? { withBypass } : {}),
    performance,
  };
}

export function choosePlayers(network: Network, selection: PlayerSelection): string[] {
  if (typeof selection !== 'string') return [...selection];
  const assets = allAssets(network);
  const wanted = new Set(assets.flatMap((asset) => [...asset.jurisdiction, ...(selection === 'all' ? asset.owners.map((owner) => owner.actor) : [])]));
  return network.actors.filter((actor) => wanted.has(actor.id)).map((actor) => actor.id);
}

/** The ids of the assets a coalition cannot operate. */
export function closedAssets(network: Network, players: readonly string[], coalition: ReadonlySet<string>): string[] {
  const playing = new Set(players);
  return allAssets(network)
    .filter((asset) => {
      if (asset.jurisdiction.some((actor) => playing.has(actor) && !coalition.has(actor))) return true;
      const owned = asset.owners.filter((owner) => playing.has(owner.actor));
      if (owned.length === 0) return false;
      const held = asset.owners.reduce((sum, owner) => sum + (!playing.has(owner.actor) || coalition.has(owner.actor) ? owner.share : 0), 0);
      const total = asset.owners.reduce((sum, owner) => sum + owner.share, 0);
      return held < CONTROL_SHARE * total - 1e-12;
    })
    .map((asset) => asset.id);
}

/** The network in steady state: no transit times (no oil under way) and storage as pass-through. */
export function steadyStateNetwork(network: Network): Network {
  return {
    ...network,
    nodes: network.nodes.map((node): NetworkNode => (node.kind === 'storage' ? { id: node.id, name: node.name, location: node.location, jurisdiction: node.jurisdiction, owners: node.owners, throughputTonnesPerDay: node.throughputTonnesPerDay, kind: 'junction' } : node)),
    links: network.links.map((link): Link => ({ ...link, transitDays: 0 })),
  };
}

/** A network with expansions applied from the start: new assets added, enlarged ones resized. */
export function withExpansions(network: Network, expansions: readonly ExpansionEvent[]): Network {
  const resize = new Map(expansions.filter((event) => event.capacity !== undefined && !event.link && !event.node).map((event) => [event.asset, event.capacity!]));
  return {
    ...network,
    nodes: [
      ...network.nodes.map((node): NetworkNode => {
        const capacity = resize.get(node.id);
        if (capacity === undefined) return node;
        if (node.kind === 'storage') return { ...node, capacityTonnes: capacity };
        if (node.kind === 'market') return { ...node, intakeTonnesPerDay: capacity };
        return { ...node, throughputTonnesPerDay: capacity };
      }),
      ...expansions.flatMap((event) => (event.node ? [event.node] : [])),
    ],
    // An enlarged link's new capacity replaces its schedule too.
    links: [...network.links.map((link) => (resize.has(link.id) ? { ...link, capacityTonnesPerDay: resize.get(link.id)!, scheduleTonnesPerDay: undefined } : link)), ...expansions.flatMap((event) => (event.link ? [event.link] : []))],
  };
}

interface Game {
  readonly method: 'exact' | 'sampled';
  readonly samples?: number;
  readonly players: PowerReport['players'];
  readonly grandCoalitionValueUsd: number;
  readonly emptyCoalitionValueUsd: number;
  readonly coalitionsEvaluated: number;
  readonly distinctSolves: number;
  readonly performance: PowerReport['performance'];
}

async function playGame(network: Network, date: string, price: Price, players: readonly string[], runner: VariantRunner, options: PowerOptions): Promise<Game | Failure> {
  const steady = steadyStateNetwork(network);
  const base: Scenario = { id: `${network.id}-power`, name: `${network.name}: pipeline power`, network: steady, dates: [date], benchmark: [price], differentialOverrides: new Map(), discountRatePerYear: 0, foresight: 'perfect', events: [] };
  const n = players.length;
  const exact = n <= (options.exactLimit ?? 12);
  const samples = options.samples ?? 2000;

  // Which coalitions the estimate needs: all of them, or the prefixes of sampled orders.
  const orders: number[][] = [];
  const needed = new Set<number>();
  if (exact) for (let mask = 0; mask < 2 ** n; mask += 1) needed.add(mask);
  else {
    if (n > 52) throw new Error(`at most 52 players can be sampled, got ${n}: choose players with --players`);
    const random = mulberry32(options.seed ?? 1);
    for (let sample = 0; sample < samples; sample += 1) {
      const order = players.map((_, index) => index);
      for (let index = n - 1; index > 0; index -= 1) {
        const swap = Math.floor(random() * (index + 1));
        [order[index], order[swap]] = [order[swap]!, order[index]!];
      }
      orders.push(order);
      let mask = 0;
      needed.add(mask);
      for (const player of order) {
        mask += 2 ** player;
        needed.add(mask);
      }
    }
  }

  // Coalitions that close the same assets share one solve.
  const closedByMask = new Map<number, string>();
  const distinct = new Map<string, string[]>();
  for (const mask of needed) {
    const members = new Set(players.filter((_, index) => Math.floor(mask / 2 ** index) % 2 === 1));
    const closed = closedAssets(steady, players, members);
    const key = closed.join(',');
    closedByMask.set(mask, key);
    if (!distinct.has(key)) distinct.set(key, closed);
  }
  const keys = [...distinct.keys()].sort();
  const closable = steady.nodes.map((node) => node.id);
  const outcome = await runner.run(
    { base, closable, sessionKey: newSessionKey('power'), requests: keys.map((key) => ({ key: key || 'grand', events: closureEvents(base, distinct.get(key)!, 1), detail: 'value' as const })) },
    options.onProgress,
  );
  if (outcome.status !== 'optimal') return outcome;
  const valueByKey = new Map<string, number>();
  for (const [index, variant] of outcome.outcomes.entries()) {
    if (variant.status !== 'optimal') return { status: variant.status, run: 'scenario', message: `coalition closing ${keys[index] || 'nothing'}: ${variant.message}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
    valueByKey.set(keys[index]!, variant.systemValueUsd * DAYS_PER_YEAR);
  }
  const empty = valueByKey.get(closedByMask.get(0)!)!;
  const value = (mask: number) => valueByKey.get(closedByMask.get(mask)!)! - empty;
  const grand = exact ? value(2 ** n - 1) : value(orders[0]!.reduce((mask, player) => mask + 2 ** player, 0));

  const shapley = new Array<number>(n).fill(0);
  const spread = new Array<number>(n).fill(0);
  if (exact) {
    const factorial = [1];
    for (let k = 1; k <= n; k += 1) factorial.push(factorial[k - 1]! * k);
    for (let mask = 0; mask < 2 ** n; mask += 1) {
      const size = popcount(mask);
      for (let player = 0; player < n; player += 1) {
        if (Math.floor(mask / 2 ** player) % 2 === 1) continue;
        const weight = (factorial[size]! * factorial[n - size - 1]!) / factorial[n]!;
        shapley[player]! += weight * (value(mask + 2 ** player) - value(mask));
      }
    }
  } else {
    // Welford's running mean and variance of each player's marginal contribution.
    orders.forEach((order, sample) => {
      let mask = 0;
      for (const player of order) {
        const marginal = value(mask + 2 ** player) - value(mask);
        mask += 2 ** player;
        const delta = marginal - shapley[player]!;
        shapley[player]! += delta / (sample + 1);
        spread[player]! += delta * (marginal - shapley[player]!);
      }
    });
  }
  const vetoes = (actor: string) => allAssets(steady).filter((asset) => asset.jurisdiction.includes(actor) || asset.owners.some((owner) => owner.actor === actor)).length;
  const rows = players
    .map((actor, index) => ({
      actor,
      shapley: round(shapley[index]!, 0),
      share: round(grand !== 0 ? shapley[index]! / grand : 0, 4),
      ...(exact ? {} : { standardErrorUsd: round(Math.sqrt(spread[index]! / Math.max(1, samples - 1) / samples), 0) }),
      assets: vetoes(actor),
    }))
    .sort((a, b) => b.shapley - a.shapley || a.actor.localeCompare(b.actor));
  return {
    method: exact ? 'exact' : 'sampled',
    ...(exact ? {} : { samples }),
    players: rows,
    grandCoalitionValueUsd: round(grand, 0),
    emptyCoalitionValueUsd: round(empty, 0),
    coalitionsEvaluated: needed.size,
    distinctSolves: keys.length,
    performance: { solves: keys.length, workers: outcome.workers, wallMs: Math.round(outcome.wallMs), solveMs: Math.round(outcome.solveMs), baselineSolveMs: Math.round(outcome.baselineSolveMs) },
  };
}

function popcount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}
