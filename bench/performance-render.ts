// The generated tables of docs/performance.md, as a pure function of what the bench sections
// recorded (docs/performance-bench.json, written by bench/performance-table.ts). The docs test
// renders them again from that file and compares, so a figure edited by hand fails the tests.

export interface SectionRecord {
  readonly script: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly node: string;
  readonly cores: number;
  /** One-minute load average when the section started and when it ended (the machine is shared). */
  readonly loadStart: number;
  readonly loadEnd: number;
  readonly exitCode: number | null;
}

interface QueueRow {
  readonly label: string;
  readonly wallMs: number;
  readonly solves: number;
  readonly jobs: number;
  readonly redisCpuMs: number;
  readonly clientCpuMs: number;
  readonly workersCpuMs: number;
  readonly lanes: number;
  readonly sameAnswer: boolean;
}

export interface QueueRecord {
  readonly redisVersion: string;
  readonly cores: number;
  readonly roundTripMs: number;
  readonly emptyJob: { readonly wallMs: number; readonly redisCpuMs: number };
  readonly riskYears: number;
  readonly jobVariants: number;
  readonly hosts: number;
  readonly analyses: Record<string, { readonly risk: boolean; readonly rows: readonly QueueRow[]; readonly projection: { readonly perVariantMs: number; readonly fixedMs: number; readonly serialMs: number; readonly redisPerJobMs: number; readonly projectedMs: number; readonly oneCoreMs: number; readonly twoWorkersMeasuredMs: number; readonly twoWorkersPredictedMs: number } }>;
}

export interface BenchRecord {
  /** The solver section's output (bench/solvers.ts), as printed. */
  readonly solvers?: { readonly meta: SectionRecord; readonly output: string };
  readonly queue?: { readonly meta: SectionRecord; readonly result: QueueRecord };
}

export const BEGIN = '<!-- bench:performance (written by bench/performance-table.ts from docs/performance-bench.json; test/performance-table.test.ts fails if edited by hand) -->';
export const END = '<!-- /bench:performance -->';

const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
const fixed = (value: number | undefined, digits = 0, unit = '') => (value === undefined || Number.isNaN(value) ? '–' : `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit}`);
const times = (value: number | undefined) => fixed(value, 2, '×');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface ColdCase {
  label: string;
  columns: number;
  first?: number | undefined;
  next?: number | undefined;
  clpSolve?: number | undefined;
  clpProcess?: number | undefined;
  native?: number | undefined;
  nativeVersion?: string | undefined;
  iterations: (number | undefined)[];
  heapMb?: number | undefined;
}

/** The cold-solve cases of the solver section's output. */
export function coldCases(output: string): ColdCase[] {
  const cases: ColdCase[] = [];
  let current: ColdCase | undefined;
  for (const line of output.split('\n')) {
    const header = /^(\S.*): (\d+) columns; median of \d+$/.exec(line);
    if (header) {
      current = { label: header[1]!, columns: Number(header[2]), iterations: [undefined, undefined, undefined] };
      cases.push(current);
      continue;
    }
    if (line.startsWith('## Warm')) current = undefined;
    if (!current) continue;
    const wasm = /in-process HiGHS .*first solve of a process (\d+) ms CPU, next solve (\d+) ms CPU .*?, (\d+) iterations, heap (\d+) MB/.exec(line);
    if (wasm) [current.first, current.next, current.iterations[0], current.heapMb] = [number(wasm[1]), number(wasm[2]), number(wasm[3]), number(wasm[4])];
    const clp = /native CLP .*whole process (\d+) ms CPU .*its solve (\d+) ms CPU .*?, (\d+) iterations/.exec(line);
    if (clp) [current.clpProcess, current.clpSolve, current.iterations[1]] = [number(clp[1]), number(clp[2]), number(clp[3])];
    const native = /native HiGHS (\S+) \(scipy's build, same options\): solve (\d+) ms CPU, (\d+) iterations/.exec(line);
    if (native) [current.nativeVersion, current.native, current.iterations[2]] = [native[1], number(native[2]), number(native[3])];
  }
  return cases;
}

interface WarmRow {
  label: string;
  callMs: number;
  phases: [number, number, number, number];
  iterations: number;
}

/** The warm re-solve calls of the solver section's output, and the ratios it printed. */
export function warmCalls(output: string): { rows: WarmRow[]; variants?: number; ratios?: [number, number, number]; sameVersion?: [number, number] } {
  const rows: WarmRow[] = [];
  let variants: number | undefined;
  let ratios: [number, number, number] | undefined;
  let sameVersion: [number, number] | undefined;
  const warm = output.slice(output.indexOf('## Warm'));
  for (const line of warm.split('\n')) {
    const call = /^ {2}(.+?): ([\d.]+) ms per call(?: over (\d+) variants)? \(bounds ([\d.]+) \+ basis ([\d.]+) \+ run ([\d.]+) \+ read-back ([\d.]+) ms.*\), (\d+) iterations per call/.exec(line);
    if (call) {
      rows.push({ label: call[1]!, callMs: Number(call[2]), phases: [Number(call[4]), Number(call[5]), Number(call[6]), Number(call[7])], iterations: Number(call[8]) });
      if (call[3]) variants = Number(call[3]);
    }
    const ratio = /ratio in process \/ native HiGHS: whole call ([\d.]+)×, run alone ([\d.]+)×, per iteration ([\d.]+)×/.exec(line);
    if (ratio) ratios = [Number(ratio[1]), Number(ratio[2]), Number(ratio[3])];
    const same = /ratio in process \/ native, same version: whole call ([\d.]+)×, run alone ([\d.]+)×/.exec(line);
    if (same) sameVersion = [Number(same[1]), Number(same[2])];
  }
  return { rows, ...(variants === undefined ? {} : { variants }), ...(ratios ? { ratios } : {}), ...(sameVersion ? { sameVersion } : {}) };
}

const measured = (meta: SectionRecord, command: string) =>
  `Measured ${meta.startedAt.slice(0, 16).replace('T', ' ')}–${meta.endedAt.slice(11, 16)} UTC by \`${command}\` (node ${meta.node}, ${meta.cores} cores; load average ${meta.loadStart.toFixed(1)} at the start, ${meta.loadEnd.toFixed(1)} at the end${meta.exitCode === 0 ? '' : `; the section exited with code ${meta.exitCode}, so its figures may be incomplete`}).`;

function solverTables(record: NonNullable<BenchRecord['solvers']>): string[] {
  const cases = coldCases(record.output);
  if (cases.length === 0) throw new Error('the solver section printed no case: has bench/solvers.ts changed its output?');
  const native = cases.find((item) => item.nativeVersion)?.nativeVersion;
  const lines = [
    '### Cold solves: the same LP in process and natively',
    '',
    measured(record.meta, 'node --import tsx bench/section.ts solvers bench/solvers.ts'),
    'Each case\'s baseline LP is written once as MPS and solved by each solver in fresh processes, three times (medians). CPU times: on this shared machine wall times measure the neighbours too.',
    '',
    `| case | columns | in process, first solve of a process | in process, next solve | CLP, its solve | CLP, whole process | native HiGHS${native ? ` ${native}` : ''} | in process / CLP's solve | in process / CLP's process | in process / native HiGHS | iterations (in process / CLP / native HiGHS) | heap |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...cases.map(
      (item) =>
        `| ${item.label} | ${fixed(item.columns)} | ${fixed(item.first, 0, ' ms')} | ${fixed(item.next, 0, ' ms')} | ${fixed(item.clpSolve, 0, ' ms')} | ${fixed(item.clpProcess, 0, ' ms')} | ${fixed(item.native, 0, ' ms')} | ${times(item.next !== undefined && item.clpSolve ? item.next / item.clpSolve : undefined)} | ${times(item.next !== undefined && item.clpProcess ? item.next / item.clpProcess : undefined)} | ${times(item.next !== undefined && item.native ? item.next / item.native : undefined)} | ${item.iterations.map((value) => fixed(value)).join(' / ')} | ${fixed(item.heapMb, 0, ' MB')} |`,
    ),
  ];
  const warm = warmCalls(record.output);
  if (warm.rows.length > 0) {
    lines.push(
      '',
      `### Warm re-solve calls (N-1 of caspian-crude over 365 days${warm.variants ? `: ${warm.variants} variants` : ''}, each asset closed 30 days, each from the baseline's basis)`,
      '',
      '| solver | per call | bounds | basis | run | read-back | iterations per call |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...warm.rows.map((row) => `| ${row.label} | ${fixed(row.callMs, 2, ' ms')} | ${row.phases.map((value) => fixed(value, 2, ' ms')).join(' | ')} | ${fixed(row.iterations)} |`),
    );
    if (warm.sameVersion) lines.push('', `In process / native HiGHS of the same release, the same calls on the same arrays: **${times(warm.sameVersion[0])} per solver call**, ${times(warm.sameVersion[1])} for the run alone.`);
    if (warm.ratios) lines.push('', `In process / scipy's native HiGHS, the same calls replayed: ${warm.sameVersion ? '' : '**'}${times(warm.ratios[0])} per solver call${warm.sameVersion ? '' : '**'}, ${times(warm.ratios[1])} for the run alone, ${times(warm.ratios[2])} per iteration (another release: iteration counts differ).`);
  }
  return lines;
}

function queueTables(record: NonNullable<BenchRecord['queue']>): string[] {
  const result = record.result;
  const lines = [
    '### Variant batches on the queue (BullMQ on Redis)',
    '',
    measured(record.meta, 'npm run bench:queue'),
    `Redis ${result.redisVersion} on loopback: round trip ${fixed(result.roundTripMs * 1000, 0, ' µs')} (PING, median of 2,000); an empty BullMQ job costs ${fixed(result.emptyJob.wallMs, 2, ' ms')} of wall time and ${fixed(result.emptyJob.redisCpuMs, 2, ' ms')} of Redis CPU. Jobs of ${result.jobVariants} variants.`,
  ];
  for (const [label, analysis] of Object.entries(result.analyses)) {
    const reference = analysis.rows[0]!;
    lines.push(
      '',
      `**${label}**: ${fixed(reference.solves)} variant solves.`,
      '',
      '| where | wall | speed-up vs in process | CPU: this process | CPU: workers | CPU: Redis | jobs | same answer |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...analysis.rows.map((row) => `| ${row.label} | ${seconds(row.wallMs)} | ${times(reference.wallMs / row.wallMs)} | ${seconds(row.clientCpuMs)} | ${row.workersCpuMs ? seconds(row.workersCpuMs) : '–'} | ${fixed(row.redisCpuMs, 0, ' ms')} | ${row.jobs || '–'} | ${row.sameAnswer ? 'yes' : 'NO'} |`),
    );
    if (analysis.risk) {
      const one = analysis.rows.find((row) => row.label.startsWith('queue, 1 '))!;
      lines.push(
        '',
        `| where (${fixed(result.riskYears)} years) | years/s | years/s per worker | scaling vs 1 worker process | worker CPU per 1,000 years |`,
        '|---|---:|---:|---:|---:|',
        ...analysis.rows.map((row) => {
          const rate = (result.riskYears * 1000) / row.wallMs;
          const queued = row.label.startsWith('queue');
          return `| ${row.label} | ${fixed(rate, 1)} | ${fixed(rate / row.lanes, 1)} | ${queued ? times(one.wallMs / row.wallMs) : '–'} | ${queued ? seconds((row.workersCpuMs * 1000) / result.riskYears) : '–'} |`;
        }),
      );
    }
    const projection = analysis.projection;
    lines.push(
      '',
      `Projection to ${result.hosts} hosts of ${result.cores} cores (${result.hosts * result.cores} solve threads), from CPU times: per variant ${fixed(projection.perVariantMs, 1, ' ms')} of worker CPU, per worker ${seconds(projection.fixedMs)} fixed (2 workers: ${seconds(projection.twoWorkersMeasuredMs)} measured, ${seconds(projection.twoWorkersPredictedMs)} predicted), per job ${fixed(projection.redisPerJobMs, 1, ' ms')} of Redis CPU, this process ${seconds(projection.serialMs)}: about **${seconds(projection.projectedMs)}**, against ${seconds(projection.oneCoreMs)} on one core (${times(projection.oneCoreMs / projection.projectedMs)}).`,
    );
  }
  return lines;
}

/** The generated block, markers included. */
export function renderPerformance(record: BenchRecord): string {
  const lines = [BEGIN, ''];
  if (record.solvers) lines.push(...solverTables(record.solvers), '');
  if (record.queue) lines.push(...queueTables(record.queue), '');
  lines.push(END);
  return lines.join('\n');
}

/** The block as it stands in a document (markers included), or undefined. */
export function generatedPerformance(document: string): string | undefined {
  const start = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  return start < 0 || end < start ? undefined : document.slice(start, end + END.length);
}
