import { runBacktest, type BacktestCaseResult } from '../analysis/backtest.ts';
import { runScenario } from '../analysis/run.ts';
import { builtinBacktests, loadBacktest } from '../io/files.ts';
import { backtestText } from '../report/backtest-report.ts';
import { EXIT_OK, parse, reportIssues, type CliIo } from './common.ts';

const HELP = `chokepoint backtest [CASE...] [--json]

Replays real disruptions (data/backtests/*.yaml, or the CASE files or ids given) with only
what was known at the time — dates, assets out, capacity left — and prints the model's
figures beside the observed ones, with the relative error (model - observed) / |observed|
and the mode the replay used (rolling: re-planned each day with only what operators knew —
each event from its announced day, believed to last until its expected end or until further
notice). Beside a rolling figure, the same case with hindsight (every event and its end known)
and the value of that foresight. Observed figures are reported, never used to set a parameter.

Options:
  --json      {cases:[{id, record, name, mode, lookaheadDays, replanDays, valueOfForesightUsd,
              status, estimates, metrics:[{name, model, observed, unit, relativeError,
              hindsight, hindsightRelativeError, source}]}]}
  -h, --help  this help
`;

export async function backtestCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  const references = positionals.length > 0 ? positionals : builtinBacktests().map((entry) => entry.id);
  const cases: BacktestCaseResult[] = [];
  for (const reference of references) {
    const loaded = loadBacktest(reference, io.cwd);
    if (!loaded.ok) return reportIssues(loaded.issues, io);
    cases.push(await runBacktest(loaded.value, (scenario) => runScenario(scenario)));
  }
  io.out(values.json ? `${JSON.stringify({ cases }, null, 2)}\n` : backtestText(cases));
  return EXIT_OK;
}
