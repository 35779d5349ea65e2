import type { Network } from '../model/network.ts';
import type { RuleEvent, Scenario, ScenarioEvent } from '../scenario/scenario.ts';
import type { RulesReport } from './analysis-schemas.ts';
import type { RunResult } from './result-schema.ts';
import { round } from './rounding.ts';
import type { RunOutcome } from './run.ts';
import { newSessionKey, type Progress, type VariantRunner } from './variants.ts';
import { forAnalysis } from '../operations/defaults.ts';

type Role = RulesReport['total']['byActor'][number]['roles'][number];
type Failure = Exclude<RunOutcome, { status: 'optimal' }>;
/** What a variant's run gives the analysis: its result, or why it has none. */
export type VariantRun = { readonly status: 'optimal'; readonly result: RunResult } | Failure;

/**
 * Runs each scenario variant as `chokepoint run` would (its own baseline and LP: a rule's caught
 * fields shape the LP, so variants cannot share one), on `runner`: worker threads in the server,
 * so the thread that answers requests only orchestrates.
 */
export function runsOn(runner: VariantRunner): (variant: Scenario) => Promise<VariantRun> {
  return async (variant) => {
    const outcome = await runner.run({ base: variant, sessionKey: newSessionKey(`rules-${variant.id}`), requests: [{ key: variant.id, events: variant.events, detail: 'full' }] });
    if (outcome.status !== 'optimal') return outcome;
    const only = outcome.outcomes[0]!;
    if (only.status === 'optimal' && only.full) return { status: 'optimal', result: only.full };
    return { status: only.status === 'optimal' ? 'not-solved' : only.status, run: 'scenario', message: only.status === 'optimal' ? 'no result' : only.message, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
  };
}

export interface RuleCostOptions {
  readonly onProgress?: Progress | undefined;
}

/**
 * Who bears each sanction rule's cost, and which exemptions matter most, by re-running the
 * scenario: each rule alone (the other rules out, every other event kept) and each rule added
 * last (the full scenario minus the scenario without it) — with interacting rules (an embargo
 * that sends crude to a capped market) the two differ, and both are shown; each exemption by the
 * scenario with that field caught where the rule would otherwise catch it.
 */
export async function ruleCosts(input: Scenario, run: (variant: Scenario) => Promise<VariantRun>, options: RuleCostOptions = {}): Promise<RulesReport | Failure> {
  // An analysis of many variants: hindsight unless the scenario says otherwise.
  const scenario = forAnalysis(input);
  const rules = scenario.events.filter((event): event is RuleEvent => event.type === 'rule');
  const exemptions = rules.flatMap((rule) => rule.exempt.filter((entry) => entry.markets.length > 0).map((entry) => ({ rule, entry })));
  const total = 1 + 2 * rules.length + exemptions.length;
  const solved = new Map<string, RunResult>();
  let done = 0;
  // Variants that keep the same rules in the same form are one run (e.g. a lone rule alone = the full scenario).
  const outcomeOf = async (events: readonly ScenarioEvent[]): Promise<RunResult | Failure> => {
    const key = events.filter((event) => event.type === 'rule').map((event) => JSON.stringify([...(event as RuleEvent).caughtAt])).join('|') + `#${events.length}`;
    const known = solved.get(key);
    if (!known) {
      const outcome = await run({ ...scenario, events: [...events] });
      if (outcome.status !== 'optimal') return outcome;
      solved.set(key, outcome.result);
    }
    options.onProgress?.((done += 1), total);
    return solved.get(key)!;
  };
  const full = await outcomeOf(scenario.events);
  if (full.status !== 'optimal') return full;
  const roles = rolesOf(scenario.network, rules);
  const rows: RulesReport['rules'] = [];
  for (const rule of rules) {
    const without = await outcomeOf(scenario.events.filter((event) => event !== rule));
    const alone = await outcomeOf(scenario.events.filter((event) => event.type !== 'rule' || event === rule));
    if (without.status !== 'optimal') return without;
    if (alone.status !== 'optimal') return alone;
    rows.push({
      id: rule.id,
      rule: rule.rule,
      issuer: rule.issuer,
      markets: [...rule.markets],
      caught: [...rule.caught],
      exempt: rule.exempt.map((entry) => entry.field),
      aloneNetbackLostUsd: alone.impact.netbackLostUsd,
      lastNetbackLostUsd: round(full.impact.netbackLostUsd - without.impact.netbackLostUsd, 2),
      byActor: actorsOf(full, roles.get(rule)!, (actor) => ({ aloneUsd: lossOf(alone, actor), lastUsd: round(lossOf(full, actor) - lossOf(without, actor), 2) }), (row) => Math.max(Math.abs(row.aloneUsd), Math.abs(row.lastUsd))),
    });
  }
  const exemptionRows: RulesReport['exemptions'] = [];
  for (const { rule, entry } of exemptions) {
    const caughtAt = new Map([...rule.caughtAt].map(([market, fields]) => [market, entry.markets.includes(market) ? [...fields, entry.field] : fields]));
    const lifted: RuleEvent = { ...rule, caughtAt, caught: [...new Set([...rule.caught, entry.field])], exempt: rule.exempt.filter((other) => other !== entry) };
    const variant = await outcomeOf(scenario.events.map((event) => (event === rule ? lifted : event)));
    const row = { rule: rule.id, field: entry.field, reason: entry.reason, markets: [...entry.markets] };
    // No plan without the exemption is a finding (the crude has nowhere to go), not a failure.
    if (variant.status !== 'optimal') exemptionRows.push({ ...row, worthUsd: null, withoutIt: variant.message, byActor: [] });
    else {
      const byActor = actorsOf(variant, roles.get(rule)!, (actor) => ({ lossUsd: round(lossOf(variant, actor) - lossOf(full, actor), 2) }), (row) => Math.abs(row.lossUsd));
      exemptionRows.push({ ...row, worthUsd: round(variant.impact.netbackLostUsd - full.impact.netbackLostUsd, 2), byActor });
    }
  }
  exemptionRows.sort((a, b) => (b.worthUsd ?? Infinity) - (a.worthUsd ?? Infinity) || a.field.localeCompare(b.field));
  const everyRole = mergeRoles([...roles.values()]);
  return {
    analysis: 'rules',
    scenario: { id: scenario.id, name: scenario.name },
    mode: scenario.operations?.mode === 'rolling' ? 'rolling' : 'hindsight',
    total: { netbackLostUsd: full.impact.netbackLostUsd, byActor: actorsOf(full, everyRole, (actor) => ({ lossUsd: lossOf(full, actor) }), (row) => Math.abs(row.lossUsd)) },
    rules: rows,
    exemptions: exemptionRows,
    runs: solved.size,
  };
}

const lossOf = (result: RunResult, actor: string) => result.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;

/** Every actor of the run with what `figures` gives it, largest first; actors with nothing at stake are left out. */
function actorsOf<T extends Record<string, number>>(result: RunResult, roles: ReadonlyMap<string, readonly Role[]>, figures: (actor: string) => T, size: (row: T) => number) {
  return result.impact.byActor
    .map((row) => ({ actor: row.actor, name: row.name, roles: [...(roles.get(row.actor) ?? ['other' as const])], ...figures(row.actor) }))
    .filter((row) => size(row) >= 0.005)
    .sort((a, b) => size(b) - size(a) || a.actor.localeCompare(b.actor));
}

/** Each actor's roles towards each rule: target (taxes or owns caught crude), exempt, issuer, buyer. */
function rolesOf(network: Network, rules: readonly RuleEvent[]): Map<RuleEvent, Map<string, Role[]>> {
  const nodes = new Map(network.nodes.map((node) => [node.id, node]));
  const stakeholders = (field: string) => {
    const node = nodes.get(field);
    return node?.kind === 'field' ? [node.taxedBy, ...node.owners.map((owner) => owner.actor)] : [];
  };
  return new Map(
    rules.map((rule) => {
      const roles = new Map<string, Role[]>();
      const add = (actor: string | undefined, role: Role) => {
        if (actor === undefined) return;
        const held = roles.get(actor) ?? [];
        if (!held.includes(role)) roles.set(actor, [...held, role]);
      };
      rule.caught.flatMap(stakeholders).forEach((actor) => add(actor, 'target'));
      rule.exempt.flatMap((entry) => stakeholders(entry.field)).forEach((actor) => add(actor, 'exempt'));
      add(rule.issuer, 'issuer');
      rule.markets.forEach((market) => {
        const node = nodes.get(market);
        add(node?.kind === 'market' ? node.state : undefined, 'buyer');
      });
      return [rule, roles] as const;
    }),
  );
}

function mergeRoles(tables: readonly ReadonlyMap<string, readonly Role[]>[]): Map<string, Role[]> {
  const merged = new Map<string, Role[]>();
  for (const table of tables) for (const [actor, roles] of table) merged.set(actor, [...new Set([...(merged.get(actor) ?? []), ...roles])]);
  return merged;
}
