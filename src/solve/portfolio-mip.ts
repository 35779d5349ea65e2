import type { Scenario } from '../scenario/scenario.ts';
import { buildTimeline, type Timeline } from '../scenario/timeline.ts';
import { buildLp, layoutLp, TONNES_PER_UNIT, type LpLayout } from './build-lp.ts';
import { highsRuntime } from './highs.ts';
import { commodityGraph } from './structure.ts';

/** What a project adds to one asset: capacity beyond what exists without it. */
export interface CapacityGate {
  /** A link id (its flows), or a node id whose outflow ('throughput') the project enlarges. */
  readonly asset: string;
  readonly kind: 'link' | 'throughput';
  /** Capacity without the project (t/d); 0 for an asset the project creates. */
  readonly withoutTonnesPerDay: number;
}

export interface PortfolioCandidate {
  readonly id: string;
  /** Equivalent annual cost (capex annuity + fixed opex), USD per year. */
  readonly annualCostUsd: number;
  readonly capexUsd: number;
  readonly gates: readonly CapacityGate[];
}

export interface PortfolioProblem {
  /** Every candidate built, in normal times and under the threat (same dates and assets). */
  readonly normal: Scenario;
  readonly threat: Scenario;
  /** Objective weights turning each horizon's value into an expected annual value. */
  readonly weights: { readonly normal: number; readonly threat: number };
  readonly candidates: readonly PortfolioCandidate[];
  readonly budgetUsd?: number | undefined;
  readonly timeLimitSeconds?: number;
}

export type PortfolioOutcome =
  | { readonly status: 'optimal' | 'time-limit'; readonly chosen: readonly string[]; readonly objectiveUsd: number; readonly mipGap: number; readonly columns: number; readonly rows: number }
  | { readonly status: 'infeasible' | 'not-solved'; readonly message: string };

/**
 * The best set of projects as one mixed-integer program: two copies of the time-expanded LP
 * (a normal period and the threat) with every project's capacity switched by a binary, plus
 * each project's annual cost. It maximises the expected annual value of the network less the
 * cost of what is built, within the budget. Interactions between projects (two routes competing
 * for the same oil, a port that is useless without ships) are in the flows, not approximated.
 */
export async function solvePortfolio(problem: PortfolioProblem): Promise<PortfolioOutcome> {
  const normalTimeline = buildTimeline(problem.normal, true);
  const threatTimeline = buildTimeline(problem.threat, true);
  const graph = commodityGraph(normalTimeline.network);
  const enlargedNodes = problem.candidates.flatMap((candidate) => candidate.gates.filter((gate) => gate.kind === 'throughput').map((gate) => gate.asset));
  const layout = layoutLp(graph, [buildTimeline(problem.normal, false), normalTimeline, threatTimeline], new Set(enlargedNodes));
  const copies = [
    { lp: buildLp(layout, normalTimeline), timeline: normalTimeline, weight: problem.weights.normal },
    { lp: buildLp(layout, threatTimeline), timeline: threatTimeline, weight: problem.weights.threat },
  ];
  const columnsPerCopy = copies[0]!.lp.numCols;
  const rowsPerCopy = copies[0]!.lp.numRows;

  // Gate rows: flow through the enlarged part of an asset on a day <= its extra capacity x y.
  interface GateRow {
    readonly candidate: number;
    readonly columns: number[];
    readonly base: number;
    readonly extra: number;
  }
  const gateRows: GateRow[] = [];
  problem.candidates.forEach((candidate, candidateIndex) => {
    for (const gate of candidate.gates) {
      copies.forEach((copy, copyIndex) => {
        for (let day = 0; day < layout.days; day += 1) {
          const built = capacityOn(copy.timeline, gate, day);
          if (!Number.isFinite(built)) continue;
          const base = Math.min(gate.withoutTonnesPerDay, built);
          const columns = gateColumns(layout, gate, day).map((column) => column + copyIndex * columnsPerCopy);
          gateRows.push({ candidate: candidateIndex, columns, base: base / TONNES_PER_UNIT, extra: (built - base) / TONNES_PER_UNIT });
        }
      });
    }
  });
  const hasBudget = problem.budgetUsd !== undefined;
  const numRows = 2 * rowsPerCopy + gateRows.length + (hasBudget ? 1 : 0);
  const numCols = 2 * columnsPerCopy + problem.candidates.length;
  const extraEntries = new Map<number, number[]>();
  gateRows.forEach((row, index) => {
    for (const column of row.columns) extraEntries.set(column, [...(extraEntries.get(column) ?? []), 2 * rowsPerCopy + index]);
  });

  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  copies.forEach(({ lp, weight }, copyIndex) => {
    for (let column = 0; column < columnsPerCopy; column += 1) {
      const global = copyIndex * columnsPerCopy + column;
      starts[global] = indices.length;
      for (let entry = lp.starts[column]!; entry < lp.starts[column + 1]!; entry += 1) {
        indices.push(lp.indices[entry]! + copyIndex * rowsPerCopy);
        values.push(lp.values[entry]!);
      }
      for (const row of extraEntries.get(global) ?? []) {
        indices.push(row);
        values.push(1);
      }
      colCost[global] = lp.colCost[column]! * weight;
      colLower[global] = lp.colLower[column]!;
      colUpper[global] = lp.colUpper[column]!;
    }
    rowLower.set(lp.rowLower, copyIndex * rowsPerCopy);
    rowUpper.set(lp.rowUpper, copyIndex * rowsPerCopy);
  });
  gateRows.forEach((row, index) => {
    rowLower[2 * rowsPerCopy + index] = -Infinity;
    rowUpper[2 * rowsPerCopy + index] = row.base;
  });
  const budgetRow = 2 * rowsPerCopy + gateRows.length;
  if (hasBudget) {
    rowLower[budgetRow] = -Infinity;
    rowUpper[budgetRow] = problem.budgetUsd! / 1e6;
  }
  problem.candidates.forEach((candidate, candidateIndex) => {
    const column = 2 * columnsPerCopy + candidateIndex;
    starts[column] = indices.length;
    gateRows.forEach((row, index) => {
      if (row.candidate !== candidateIndex || row.extra === 0) return;
      indices.push(2 * rowsPerCopy + index);
      values.push(-row.extra);
    });
    if (hasBudget) {
      indices.push(budgetRow);
      values.push(candidate.capexUsd / 1e6);
    }
    colCost[column] = -candidate.annualCostUsd / TONNES_PER_UNIT;
    colUpper[column] = 1;
  });
  starts[numCols] = indices.length;

  const highs = await highsRuntime();
  const integrality = new Int32Array(numCols);
  for (let index = 0; index < problem.candidates.length; index += 1) integrality[2 * columnsPerCopy + index] = highs.constants.variableType.integer;
  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    offset: 0,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices: Int32Array.from(indices), values: Float64Array.from(values) },
    integrality,
  });
  try {
    model.options.set({ output_flag: false, random_seed: 0, mip_rel_gap: 1e-6 });
    if (problem.timeLimitSeconds !== undefined) model.options.set('time_limit', problem.timeLimitSeconds);
    const result = model.run();
    const codes = highs.constants.modelStatus;
    if (result.modelStatus === codes.infeasible) return { status: 'infeasible', message: 'no portfolio gives a feasible plan: check the threat scenario runs on its own' };
    if (result.modelStatus !== codes.optimal && result.modelStatus !== codes.timeLimit) {
      return { status: 'not-solved', message: `the portfolio MIP stopped with status ${result.modelStatus}` };
    }
    const solution = model.getSolution();
    const chosen = problem.candidates.filter((_, index) => (solution.colValue[2 * columnsPerCopy + index] ?? 0) > 0.5).map((candidate) => candidate.id);
    if (result.modelStatus === codes.timeLimit && chosen.length === 0 && !(solution.colValue.length > 0)) return { status: 'not-solved', message: 'the portfolio MIP found no solution within the time limit' };
    const gap = Number(model.info.get('mip_gap') ?? 0);
    return { status: result.modelStatus === codes.optimal ? 'optimal' : 'time-limit', chosen, objectiveUsd: model.getObjectiveValue() * TONNES_PER_UNIT, mipGap: Number.isFinite(gap) ? gap : 0, columns: numCols, rows: numRows };
  } finally {
    model.dispose();
  }
}

function capacityOn(timeline: Timeline, gate: CapacityGate, day: number): number {
  const series = gate.kind === 'link' ? timeline.linkCapacity.get(gate.asset) : timeline.nodeThroughput.get(gate.asset);
  return series?.[day] ?? 0;
}

function gateColumns(layout: LpLayout, gate: CapacityGate, day: number): number[] {
  const { graph, days } = layout;
  const pairs =
    gate.kind === 'link'
      ? (graph.pairsByLink[graph.network.links.findIndex((link) => link.id === gate.asset)] ?? [])
      : graph.pairs.flatMap((pair, index) => (pair.link.from === gate.asset ? [index] : []));
  return pairs.map((pair) => pair * days + day);
}

