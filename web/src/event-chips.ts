/** Names for ids, as the app knows them from the network. */
export interface Names {
  assetName(id: string): string;
  actorName(id: string): string;
}

export interface Chip {
  /** What the chip says, with names. */
  readonly text: string;
  /** The hover card: the event's type and ids, as the scenario file holds them. */
  readonly hover: string;
}

type Event = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const quantity = (value: unknown) => (typeof value === 'object' && value !== null ? text((value as { value?: unknown }).value) : text(value));
const list = (values: unknown, name: (id: string) => string) => (Array.isArray(values) ? values.map((value) => name(text(value))).join(', ') : '');

function window(event: Event): string {
  const start = text(event.start);
  if (event.days !== undefined) return `from ${start}, ${text(event.days)} days`;
  if (event.end !== undefined) return `${start} to ${text(event.end)}`;
  return `from ${start}`;
}

/** A sanction rule in words: what it does, to whose crude, where. */
function ruleText(event: Event, names: Names): string {
  const caught =
    [
      list(event.origins, names.actorName) ? `${list(event.origins, names.actorName)}-origin crude` : '',
      event.owners ? `crude ${quantity((event.owners as { atLeast?: unknown }).atLeast)}+ owned by ${names.actorName(text((event.owners as { of?: unknown }).of))}` : '',
      list(event.exportedFrom, names.actorName) ? `crude exported from ${list(event.exportedFrom, names.actorName)}` : '',
    ]
      .filter(Boolean)
      .join(' or ') || 'crude';
  const at = list(event.markets, names.assetName);
  const exempt = Array.isArray(event.exempt) && event.exempt.length > 0 ? `, except ${event.exempt.map((item) => names.assetName(text((item as { field?: unknown }).field))).join(', ')}` : '';
  const issuer = names.actorName(text(event.issuer));
  if (event.rule === 'price-cap') return `price cap (${issuer}): ${caught} above ${quantity(event.cap)} at ${at}${exempt}, ${window(event)}`;
  if (event.rule === 'secondary') return `secondary sanction (${issuer}): buyers at ${at} ${event.penalty ? `pay ${quantity(event.penalty)} on` : 'stop buying'} ${caught}${exempt}, ${window(event)}`;
  return `embargo (${issuer}): no ${caught} at ${at}${exempt}, ${window(event)}`;
}

/** An event of the scenario as a chip: names in the text, ids in the hover card. */
export function eventChip(event: Event, names: Names): Chip {
  const link = event.link as Event | undefined;
  const node = event.node as Event | undefined;
  const type = text(event.type);
  switch (type) {
    case 'outage':
      return { text: `outage: ${names.assetName(text(event.asset))}, ${window(event)}, ${quantity(event.remaining) || '0 %'} left`, hover: `outage ${text(event.asset)}` };
    case 'sanction': {
      const what = event.scope === 'jurisdiction' ? 'all it controls' : list(event.assets, names.assetName);
      return { text: `sanction: ${names.actorName(text(event.actor))} closes ${what}, ${window(event)}`, hover: `sanction ${text(event.actor)}${Array.isArray(event.assets) && event.assets.length > 0 ? ` on ${event.assets.map(text).join(', ')}` : ''}` };
    }
    case 'price': {
      const target = text(event.target) || 'benchmark';
      return { text: `price: ${target === 'benchmark' ? 'Brent' : names.assetName(target)} ${quantity(event.change)}, ${window(event)}`, hover: `price ${target}` };
    }
    case 'expansion':
      if (link) return { text: `new link: ${text(link.name) || text(link.id)}, ${window(event)}`, hover: `expansion link ${text(link.id)}` };
      if (node) return { text: `new node: ${text(node.name) || text(node.id)}, ${window(event)}`, hover: `expansion node ${text(node.id)}` };
      return { text: `expansion: ${names.assetName(text(event.asset))} to ${quantity(event.capacity)}, ${window(event)}`, hover: `expansion ${text(event.asset)}` };
    case 'penalty':
      return { text: `penalty: ${names.actorName(text(event.payer))} pays ${text(event.amount)} ${text(event.currency)} on ${text(event.date)}`, hover: `penalty ${text(event.payer)}${event.payee ? ` to ${text(event.payee)}` : ''}` };
    case 'rule':
      return { text: ruleText(event, names), hover: `rule ${text(event.id)} (${text(event.rule)}, issuer ${text(event.issuer)}, markets ${Array.isArray(event.markets) ? event.markets.map(text).join(', ') : ''}); ${text(event.legalBasis)}` };
    default:
      return { text: type, hover: type };
  }
}
