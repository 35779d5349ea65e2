// Regenerates every figure of docs/levers.md: `npx tsx scripts/levers-figures.ts [--bypass]`.
// The rate beliefs are arithmetic; the world price needs one run of cpc-2022-ban (seconds); the
// rules table re-runs the embargo scenario six times (a minute); the bypass decision table (with --bypass) runs `chokepoint bypass --candidates kazakh-bypass` (a minute).
import { bypassEconomics } from '../src/analysis/bypass.ts';
import { aroundEvent, hazardBelief, type WithdrawnReading } from '../src/analysis/rate-belief.ts';
import { ruleCosts } from '../src/analysis/rule-costs.ts';
import { runScenario } from '../src/analysis/run.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { loadCandidates, loadHazards, loadScenario } from '../src/io/files.ts';

const must = <T>(loaded: { ok: true; value: T } | { ok: false; issues: readonly { message: string }[] }): T => {
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
  return loaded.value;
};
const rate = (value: number) => value.toFixed(4);
const interval = ([low, high]: readonly [number, number]) => `${rate(low)}–${rate(high)}`;
const musd = (usd: number) => `${(usd / 1e6).toFixed(1)} M USD`;

const hazards = must(loadHazards('caspian-crude'));
console.log('## Rate beliefs of the shipped hazards (events per year, 90 % intervals)\n');
console.log('| hazard | stated | prior | record | posterior (withdrawn counts) | posterior (not credible) |');
console.log('|---|---|---|---|---|---|');
for (const hazard of hazards.hazards) {
  const counts = hazardBelief(hazard, 'counts');
  const notCredible = hazardBelief(hazard, 'not-credible');
  if (!counts || !notCredible) continue;
  const record = counts.record ? `${counts.record.events.length} in ${counts.record.exposureYears.toFixed(1)} y` : 'not used';
  console.log(`| ${hazard.id} | ${hazard.ratePerYear} | ${rate(counts.prior.mean)} (${interval(counts.prior.interval)}) | ${record} | ${rate(counts.posterior.mean)} (${interval(counts.posterior.interval)}) | ${rate(notCredible.posterior.mean)} (${interval(notCredible.posterior.interval)}) |`);
}

const court = hazards.hazards.find((hazard) => hazard.id === 'cpc-court-suspension')!;
console.log('\n## The July 2022 ruling (E04) and the rate of an enforced court suspension\n');
console.log('| reading | just before E04 | just after E04 | whole record to 2025 |');
console.log('|---|---|---|---|');
for (const reading of ['counts', 'not-credible'] as WithdrawnReading[]) {
  const around = aroundEvent(court, 'E04', reading)!;
  const whole = hazardBelief(court, reading)!;
  console.log(`| ${reading} | ${rate(around.before.mean)} (${interval(around.before.interval)}) | ${rate(around.after.mean)} (${interval(around.after.interval)}) | ${rate(whole.posterior.mean)} (${interval(whole.posterior.interval)}) |`);
}

const ban = must(loadScenario('cpc-2022-ban'));
const run = await runScenario(ban);
if (run.status !== 'optimal') throw new Error(run.message);
const impact = run.result.impact;
const world = impact.worldPrice!;
console.log('\n## The world price answers the enforced July 2022 closure (cpc-2022-ban)\n');
console.log(`- supply lost: ${(world.supplyLostBarrels / 1e6).toFixed(1)} mb over the horizon, peak ${(world.peakSupplyLostBarrelsPerDay / 1e3).toFixed(0)} kb/d of ${(world.worldSupplyBarrelsPerDay / 1e6).toFixed(1)} mb/d`);
console.log(`- multiplier (${world.elasticities.central.label}): ${world.multiplier}`);
console.log(`- benchmark change: peak +${world.peakChangeUsdPerBbl.toFixed(2)} USD/bbl; average over the ${impact.daily.length}-day horizon +${world.averageChangeUsdPerBbl.toFixed(2)} USD/bbl (range +${world.rangeAverageChangeUsdPerBbl[0].toFixed(2)} to +${world.rangeAverageChangeUsdPerBbl[1].toFixed(2)})`);
const disruptor = impact.disruptor!;
console.log(`- ${disruptor.actor}: gross cost ${musd(disruptor.grossCostUsd)}, price gain ${musd(disruptor.priceGainUsd)} (range ${musd(disruptor.priceGainRangeUsd[0])} to ${musd(disruptor.priceGainRangeUsd[1])}), net cost ${musd(disruptor.netCostUsd)} (range ${musd(disruptor.netCostRangeUsd[0])} to ${musd(disruptor.netCostRangeUsd[1])})`);
const fine = impact.penalties.reduce((sum, penalty) => sum + penalty.usd, 0);
console.log(`- the fine that replaced the suspension: ${fine.toFixed(0)} USD`);
console.log(`- Kazakhstan: loses ${musd(impact.byActor.find((row) => row.actor === 'kz')!.lossUsd)} at fixed prices, gains ${musd(world.byActor.filter((row) => row.actor === 'kz').reduce((sum, row) => sum + row.gainUsd, 0))} from the price`);
console.log(`- all the world's other buyers: ${musd(world.otherBuyersGainUsd)}`);

const embargo = await runScenario(must(loadScenario('eu-embargo-price-cap-2022')));
if (embargo.status !== 'optimal') throw new Error(embargo.message);
const embargoImpact = embargo.result.impact;
const actorLoss = (actor: string) => embargoImpact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
console.log('\n## The December 2022 embargo and price cap (eu-embargo-price-cap-2022)\n');
console.log(`- netback lost ${musd(embargoImpact.netbackLostUsd)}; revenue lost within the horizon ${musd(embargoImpact.revenueLostUsd)}`);
console.log(`- who bore it: Russia ${musd(actorLoss('ru'))}, LUKOIL ${musd(actorLoss('lukoil'))}; Kazakhstan ${musd(actorLoss('kz'))}; the largest loss of a Kazakh field's owner ${musd(Math.max(...['kmg', 'chevron', 'exxonmobil', 'eni', 'shell'].map(actorLoss)))}`);

const costs = await ruleCosts(must(loadScenario('eu-embargo-price-cap-2022')), (variant) => runScenario(variant));
if (!('analysis' in costs)) throw new Error(costs.message);
console.log('\n## Who bears each rule (chokepoint rules eu-embargo-price-cap-2022)\n');
console.log('| rule | alone | added last | largest bearers (added last) |');
console.log('|---|---|---|---|');
for (const rule of costs.rules) console.log(`| ${rule.id} | ${musd(rule.aloneNetbackLostUsd)} | ${musd(rule.lastNetbackLostUsd)} | ${rule.byActor.slice(0, 3).map((row) => `${row.name} (${row.roles.join(', ')}) ${musd(row.lastUsd)}`).join('; ') || '–'} |`);
console.log('\n| exemption | where it would catch | what it saves | who it spares most |');
console.log('|---|---|---|---|');
for (const row of costs.exemptions) console.log(`| ${row.field} | ${row.markets.join(', ')} | ${row.worthUsd === null ? 'no feasible plan without it' : musd(row.worthUsd)} | ${row.byActor.slice(0, 3).map((actor) => `${actor.name} ${musd(actor.lossUsd)}`).join('; ') || '–'} |`);

if (process.argv.includes('--bypass')) {
  const set = must(loadCandidates('kazakh-bypass'));
  const threat = must(loadScenario(set.threat!));
  const candidates = must(set.resolveFor(threat));
  const report = await bypassEconomics(threat, candidates, inProcessRunner(), { probability: set.probability!, discountRate: set.discountRate, rate: { hazard: court, withdrawn: 'counts' } });
  if ('status' in report) throw new Error(report.message);
  const belief = report.belief!;
  console.log('\n## P(rate > break-even) for each bypass decision under each belief (cpc-court-suspension)\n');
  console.log('| decision | break-even /yr | prior | before E04 | after E04 | withdrawn counts | not credible |');
  console.log('|---|---|---|---|---|---|---|');
  const cell = (value: { probabilityItPays: number | null } | undefined) => (value?.probabilityItPays === null || value === undefined ? '–' : `${(value.probabilityItPays * 100).toFixed(1)} %`);
  for (const decision of belief.decisions) console.log(`| ${decision.id} | ${decision.breakEvenRate === null ? 'never' : rate(decision.breakEvenRate)} | ${cell(decision.prior)} | ${cell(decision.before)} | ${cell(decision.after)} | ${cell(decision.counts)} | ${cell(decision.notCredible)} |`);
  console.log(`\n${belief.verdict}`);
}
