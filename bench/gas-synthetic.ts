// A synthetic year-long gas network (docs/gas-model.md): 12 supplies (one LNG) into 20 countries
// in a chain, each with a demand curve and a storage with an 80 % target on 1 November; one
// supply out for 120 days. `node --import tsx bench/gas-synthetic.ts acyclic|cyclic` (cyclic:
// the interconnectors run both ways and storage withdraws into the country's hub). Not part of npm test.
import { runScenario } from '../src/analysis/run.ts';
import { networkFromText } from '../src/model/load-network.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';
const cyclic = process.argv[2] === 'cyclic';
const supplies = 12, countries = 20;
const nodes: string[] = [];
const links: string[] = [];
for (let s = 0; s < supplies; s += 1) {
  nodes.push(`  - { id: s${s}, kind: field, name: S${s}, production: ${50 + s * 10} GWh/d, liftingCost: ${15 + s * 3} EUR/MWh, taxedBy: st, fiscalTake: 0${s === 0 ? ', lng: true' : ''} }`);
  links.push(`  - { id: l-s${s}, kind: pipeline, from: s${s}, to: c${s % countries}, capacity: ${60 + s * 10} GWh/d }`);
}
for (let c = 0; c < countries; c += 1) {
  nodes.push(`  - { id: c${c}, kind: junction, name: C${c} }`);
  nodes.push(`  - { id: m${c}, kind: market, name: M${c}, demand: { reference: 60 GWh/d, steps: [{ share: 10 %, price: 60 EUR/MWh }, { share: 10 %, price: 90 EUR/MWh }], valueOfLostLoad: 1000 EUR/MWh } }`);
  nodes.push(`  - { id: st${c}, kind: storage, name: ST${c}, state: st, capacity: 5 TWh, initial: 2 TWh, injection: 40 GWh/d, withdrawal: 60 GWh/d, fillTargets: [{ by: 2022-11-01, share: 80 %, penalty: 30 EUR/MWh }] }`);
  links.push(`  - { id: d${c}, kind: pipeline, from: c${c}, to: m${c} }`);
  links.push(`  - { id: i${c}, kind: pipeline, from: c${c}, to: st${c} }`);
  links.push(`  - { id: w${c}, kind: pipeline, from: st${c}, to: ${cyclic ? `c${c}` : `m${c}`} }`);
  if (c + 1 < countries) {
    links.push(`  - { id: x${c}, kind: pipeline, from: c${c}, to: c${c + 1}, capacity: 80 GWh/d, tariff: 1 EUR/MWh }`);
    if (cyclic) links.push(`  - { id: y${c}, kind: pipeline, from: c${c + 1}, to: c${c}, capacity: 80 GWh/d, tariff: 1 EUR/MWh }`);
  }
}
const net = `id: bench-gas\nname: bench\ncommodity: { name: gas, kind: gas, kWhPerCubicMetre: 10.55 }\nbenchmark: { name: TTF }\nactors: [{ id: st, name: St, kind: state }]\nnodes:\n${nodes.join('\n')}\nlinks:\n${links.join('\n')}\n`;
const network = networkFromText(net, 'bench.yaml');
if (!network.ok) throw new Error(JSON.stringify(network.issues.slice(0, 3)));
const scn = `id: b\nname: b\nnetwork: inline\nhorizon: { start: 2022-01-01, end: 2022-12-31 }\nprices: { benchmark: [{ from: 2022-01-01, price: 50 EUR/MWh }] }\nevents:\n  - { type: outage, asset: s5, start: 2022-06-01, days: 120 }\n`;
const scenario = scenarioFromText(scn, 's.yaml', () => network);
if (!scenario.ok) throw new Error(JSON.stringify(scenario.issues));
const t = Date.now();
const outcome = await runScenario(scenario.value);
console.log(cyclic ? 'cyclic' : 'acyclic', outcome.status, Date.now() - t, 'ms (solve + accounts)', outcome.status === 'optimal' ? JSON.stringify(outcome.result.model) : outcome.message);
if (outcome.status === 'optimal') console.log('first storage against its target:', JSON.stringify(outcome.result.gas!.storage[0]!.targets));
