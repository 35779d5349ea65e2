import { html, render } from 'lit-html';
import { $ } from './format.ts';
import { reportAtFields, type FieldProblem } from './field-errors.ts';
import type { Network } from './types.ts';

/**
 * The sanction-rule form (scenario events `type: rule`): an embargo, a price cap or a secondary
 * sanction by an issuer, at chosen markets, on crude caught by origin or by owner, less exempt
 * fields, with its legal basis and source. The rule becomes a chip like every other event.
 */
export type RuleKind = 'embargo' | 'price-cap' | 'secondary';

export interface RuleFormContext {
  /** Markets the scenario's expansions add (an outlet in India): a rule can bite there too. */
  addedMarkets(): { id: string; name: string }[];
  /** Ids of the events already in the scenario, so a new rule's id is unique. */
  takenIds(): Set<string>;
  add(rule: Record<string, unknown>): void;
}

const checked = (group: string) => [...document.querySelectorAll<HTMLInputElement>(`#${group} input[type="checkbox"]:checked`)].map((input) => input.value);
const number = (id: string) => Number($<HTMLInputElement>(id).value);
const filled = (id: string) => $<HTMLInputElement>(id).value.trim() !== '';

/** What a rule needs before the server sees it; each problem at its field. */
export function ruleProblems(kind: RuleKind): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const usd = (id: string, what: string, required: boolean) => {
    if (!filled(id)) {
      if (required) problems.push({ field: id, message: `${what}: give USD/bbl` });
    } else if (!Number.isFinite(number(id)) || number(id) < 0) problems.push({ field: id, message: `${what}: give USD/bbl, 0 or more` });
  };
  if (checked('rule-markets').length === 0) problems.push({ field: 'rule-markets', message: 'rule: tick at least one market where it bites' });
  if (checked('rule-origins').length === 0 && checked('rule-exported').length === 0 && $<HTMLSelectElement>('rule-owner').value === '') problems.push({ field: 'rule-origins', message: 'rule: tick an origin or a state it is exported from, or pick an owner, for the crude it catches' });
  if ($<HTMLSelectElement>('rule-owner').value !== '' && !(number('rule-owner-share') > 0 && number('rule-owner-share') <= 100)) problems.push({ field: 'rule-owner-share', message: 'owner share: a percentage above 0, at most 100' });
  if (kind === 'price-cap') {
    usd('rule-cap', 'price cap', true);
    usd('rule-discount', 'discount outside the cap', false);
    usd('rule-alternative', 'alternative service', false);
  }
  if (kind === 'secondary') usd('rule-penalty', 'penalty', false);
  if (checked('rule-exempt').length > 0 && !filled('rule-exempt-reason')) problems.push({ field: 'rule-exempt-reason', message: 'exemptions: say why the fields are spared' });
  if (!filled('rule-basis')) problems.push({ field: 'rule-basis', message: 'legal basis: name the act and article' });
  if (!filled('rule-source')) problems.push({ field: 'rule-source', message: 'source: where the rule is published' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test($<HTMLInputElement>('rule-start').value)) problems.push({ field: 'rule-start', message: 'rule start: pick a date' });
  if (!(Number.isInteger(number('rule-days')) && number('rule-days') >= 1)) problems.push({ field: 'rule-days', message: 'rule days: a whole number of days, 1 or more' });
  return problems;
}

/** The rule as the scenario file holds it, from the form. */
function ruleFromForm(kind: RuleKind, id: string): Record<string, unknown> {
  const owner = $<HTMLSelectElement>('rule-owner').value;
  const exempt = checked('rule-exempt');
  const price = (input: string) => (filled(input) ? `${number(input)} USD/bbl` : undefined);
  const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    type: 'rule',
    id,
    rule: kind,
    issuer: $<HTMLSelectElement>('rule-issuer').value,
    legalBasis: $<HTMLInputElement>('rule-basis').value.trim(),
    start: $<HTMLInputElement>('rule-start').value,
    days: number('rule-days'),
    markets: checked('rule-markets'),
    origins: checked('rule-origins'),
    exportedFrom: checked('rule-exported'),
    ...(owner ? { owners: { of: owner, atLeast: `${number('rule-owner-share')} %` } } : {}),
    ...(exempt.length > 0 ? { exempt: exempt.map((field) => ({ field, reason: $<HTMLInputElement>('rule-exempt-reason').value.trim() })) } : {}),
    ...(kind === 'price-cap' ? { ...optional('cap', price('rule-cap')), ...optional('discount', price('rule-discount')), ...optional('alternativeCost', price('rule-alternative')) } : {}),
    ...(kind === 'secondary' ? optional('penalty', price('rule-penalty')) : {}),
    source: $<HTMLInputElement>('rule-source').value.trim(),
    note: 'added in the web app; the figures are the user\'s',
  };
}

const box = (group: string, id: string, name: string, title = id) => html`<label class="check" title=${title}><input type="checkbox" name=${group} value=${id} /> ${name}</label>`;

/** The markets a rule can name: the network's and those the scenario adds; ticks are kept. */
export function drawRuleMarkets(network: Network, context: RuleFormContext): void {
  const ticked = new Set(checked('rule-markets'));
  const markets = [...network.nodes.filter((node) => node.kind === 'market').map((node) => ({ id: node.id, name: node.name })), ...context.addedMarkets()];
  render(html`<legend>At markets</legend>${markets.map((market) => box('rule-markets', market.id, market.name))}`, $('rule-markets'));
  for (const input of document.querySelectorAll<HTMLInputElement>('#rule-markets input')) input.checked = ticked.has(input.value);
}

/** Shows the inputs of the chosen kind only (a cap for a price cap, a penalty for a secondary sanction). */
function showKind(kind: RuleKind): void {
  for (const element of document.querySelectorAll<HTMLElement>('#rule-form [data-kind]')) element.hidden = element.dataset.kind !== kind;
}

/** The form's choices from the network: issuers, origins, owners, exempt fields, markets. */
export function fillRuleForm(network: Network, context: RuleFormContext): void {
  const states = network.actors.filter((actor) => actor.kind === 'state');
  const origins = new Set(network.nodes.flatMap((node) => (node.kind === 'field' ? [node.taxedBy] : [])));
  render(network.actors.filter((actor) => actor.kind === 'state' || actor.kind === 'other').map((actor) => html`<option value=${actor.id}>${actor.name}</option>`), $('rule-issuer'));
  $<HTMLSelectElement>('rule-issuer').value = network.actors.some((actor) => actor.id === 'eu') ? 'eu' : (states[0]?.id ?? '');
  render(html`<legend>Catches crude of origin</legend>${states.filter((state) => origins.has(state.id)).map((state) => box('rule-origins', state.id, state.name))}`, $('rule-origins'));
  const holders = new Set([...network.nodes, ...network.links].flatMap((asset) => asset.jurisdiction));
  render(html`<legend>or exported from (only reaches the market through)</legend>${states.filter((state) => holders.has(state.id)).map((state) => box('rule-exported', state.id, state.name))}`, $('rule-exported'));
  render(html`<option value="">(no owner test)</option>${states.map((state) => html`<option value=${state.id}>${state.name}</option>`)}`, $('rule-owner'));
  render(html`<legend>Exempt fields</legend>${network.nodes.filter((node) => node.kind === 'field').map((field) => box('rule-exempt', field.id, field.name.replace(/\s*\(.*$/, '')))}`, $('rule-exempt'));
  drawRuleMarkets(network, context);
}

/** The form's listeners, once: the choices are refilled when the network changes. */
export function wireRuleForm(context: RuleFormContext): void {
  const kind = $<HTMLSelectElement>('rule-kind');
  showKind(kind.value as RuleKind);
  kind.addEventListener('change', () => showKind(kind.value as RuleKind));
  $('rule-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = kind.value as RuleKind;
    if (!reportAtFields(ruleProblems(chosen))) return;
    const taken = context.takenIds();
    const base = `${chosen}-${$<HTMLSelectElement>('rule-issuer').value}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    context.add(ruleFromForm(chosen, id));
  });
}
