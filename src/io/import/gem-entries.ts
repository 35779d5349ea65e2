import type { NetworkInput } from '../../model/network-schema.ts';
import { commodityConversion, fromCanonical, toCanonical, type CommodityConversion } from '../../model/units.ts';
import type { Commodity } from './capacity-units.ts';
import type { PlacedNode } from './gem-nodes.ts';
import type { Segment } from './gem-segments.ts';
import { slug, type OwnerShare } from './owners.ts';

type NodeInput = NetworkInput['nodes'][number];
type LinkInput = NonNullable<NetworkInput['links']>[number];
type ActorInput = NetworkInput['actors'][number];

export interface PlacedLink {
  readonly id: string;
  readonly segment: Segment;
  readonly from: PlacedNode;
  readonly to: PlacedNode;
}

export interface EntryOptions {
  readonly commodity: Commodity;
  readonly sourceLabel: string;
}

/** Gas is written in m3 at standard conditions; its mass (≈0.75 kg/m3) only keeps the engine's books. */
const GAS_TONNES_PER_CUBIC_METRE = 0.00075;
const CUBIC_METRES_PER_BARREL = 0.158987294928;
const CRUDE_BARRELS_PER_TONNE = 7.33;

export function commodityOf(commodity: Commodity): NetworkInput['commodity'] {
  return commodity === 'gas'
    ? {
        name: 'natural gas',
        barrelsPerTonne: Number((1 / (GAS_TONNES_PER_CUBIC_METRE * CUBIC_METRES_PER_BARREL)).toFixed(3)),
        tonnesPerCubicMetre: GAS_TONNES_PER_CUBIC_METRE,
        source: 'estimate: pipeline gas ≈0.75 kg/m3 at standard conditions; barrels per tonne only mirrors that density (no figure of a gas network is in barrels)',
      }
    : { name: 'crude oil', barrelsPerTonne: CRUDE_BARRELS_PER_TONNE, source: 'estimate: a generic medium crude (≈33° API); replace with the crudes carried' };
}

const conversionOf = (commodity: Commodity): CommodityConversion =>
  commodity === 'gas' ? commodityConversion(1 / (GAS_TONNES_PER_CUBIC_METRE * CUBIC_METRES_PER_BARREL), GAS_TONNES_PER_CUBIC_METRE) : commodityConversion(CRUDE_BARRELS_PER_TONNE);

const significant = (value: number) => Number(value.toPrecision(6));

/** States by country name and companies by owner name, each with an id unique among actors. */
export class ActorBook {
  private readonly states = new Map<string, ActorInput>();
  private readonly companies = new Map<string, ActorInput>();

  state(country: string): string {
    const key = country.toLowerCase();
    if (!this.states.has(key)) this.states.set(key, { id: slug(country), name: country, kind: 'state' });
    return this.states.get(key)!.id;
  }

  company(name: string): string {
    const key = slug(name);
    if (!this.companies.has(key)) this.companies.set(key, { id: key, name, kind: 'company' });
    return this.companies.get(key)!.id;
  }

  /** States first; a company whose id a state already holds is renamed "<id>-company". */
  entries(): ActorInput[] {
    const stateIds = new Set([...this.states.values()].map((actor) => actor.id));
    return [...this.states.values(), ...[...this.companies.values()].map((actor) => (stateIds.has(actor.id) ? { ...actor, id: `${actor.id}-company` } : actor))];
  }

  companyId(name: string): string {
    const id = slug(name);
    return [...this.states.values()].some((actor) => actor.id === id) ? `${id}-company` : id;
  }
}

const PLACEHOLDER = 'placeholder: the tracker does not hold it; replace';

/** Sources are fields, sinks markets, the rest junctions; what a tracker lacks is a marked placeholder. */
export function nodeEntries(nodes: readonly PlacedNode[], links: readonly PlacedLink[], options: EntryOptions, actors: ActorBook): NodeInput[] {
  const conversion = conversionOf(options.commodity);
  const price = options.commodity === 'gas' ? 'USD/m3' : 'USD/bbl';
  return nodes.map((node): NodeInput => {
    const outgoing = links.filter((link) => link.from === node);
    const incoming = links.filter((link) => link.to === node);
    const jurisdiction = node.countries.map((country) => actors.state(country));
    const common = { name: node.name, ...(node.location ? { location: node.location } : {}), jurisdiction };
    const state = jurisdiction[0] ?? actors.state('Unknown');
    if (incoming.length === 0) {
      const tonnesPerDay = outgoing.reduce((sum, link) => sum + (link.segment.capacity ? toCanonical(link.segment.capacity.amount, link.segment.capacity.unit, conversion) : 0), 0);
      const unit = options.commodity === 'gas' ? 'mcm/d' : 'Mt/yr';
      return {
        id: node.id,
        kind: 'field',
        ...common,
        production: { value: `${significant(fromCanonical(tonnesPerDay, unit, conversion))} ${unit}`, estimate: `${PLACEHOLDER} (set to the capacity of the pipelines leaving ${node.name})` },
        liftingCost: { value: `0 ${price}`, estimate: PLACEHOLDER },
        taxedBy: state,
        fiscalTake: { value: '0 %', estimate: PLACEHOLDER },
      };
    }
    if (outgoing.length === 0) return { id: node.id, kind: 'market', ...common, state, priceDifferential: { value: `0 ${price}`, estimate: PLACEHOLDER } };
    return { id: node.id, kind: 'junction', ...common };
  });
}

export function linkEntry(link: PlacedLink, options: EntryOptions, actors: ActorBook, warnings: string[]): LinkInput {
  const { segment } = link;
  const source = `${options.sourceLabel} (Global Energy Monitor, CC BY 4.0), ProjectID ${segment.projectId}, line ${segment.line}`;
  const polyline = segment.polyline?.map(([lon, lat]) => ({ lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5 }));
  // The route's ends are the nodes they were snapped to, so map and network agree.
  if (polyline && link.from.location) polyline[0] = link.from.location;
  if (polyline && link.to.location) polyline[polyline.length - 1] = link.to.location;
  return {
    id: link.id,
    name: segment.name,
    kind: 'pipeline',
    from: link.from.id,
    to: link.to.id,
    ...(segment.capacity ? { capacity: { value: `${significant(segment.capacity.amount)} ${segment.capacity.unit}`, source: `${source}: ${segment.capacity.written} (${segment.capacity.how})` } } : {}),
    jurisdiction: segment.countries.map((country) => actors.state(country)),
    owners: ownerEntries(segment, actors, warnings),
    ...(polyline ? { polyline } : {}),
    note: `GEM status: ${segment.status}`,
    source,
  };
}

function ownerEntries(segment: Segment, actors: ActorBook, warnings: string[]) {
  const known = segment.owners.filter((owner): owner is OwnerShare & { share: number } => owner.share !== undefined && owner.share > 0);
  const total = known.reduce((sum, owner) => sum + owner.share, 0);
  // Published stakes are rounded; beyond the schema's slack they are scaled to 100 % and reported.
  const scale = total > 1.0005 ? 1 / total : 1;
  if (scale < 1) warnings.push(`line ${segment.line} (${segment.projectId}): owners' shares add up to ${(total * 100).toFixed(2)} %, scaled to 100 %`);
  for (const owner of known) actors.company(owner.name);
  return known.map((owner) => ({ actor: actors.companyId(owner.name), share: Number((owner.share * scale).toFixed(6)) }));
}
