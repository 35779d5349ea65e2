import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { NativeRequest, NativeResult, NativeRunner } from '../solve/backends/solver-model.ts';

/**
 * Native solvers run as child processes in a private folder of their own (mkdtemp: mode 0700),
 * removed when the run ends whatever happens. `CHOKEPOINT_<PROGRAM>` (e.g. CHOKEPOINT_CLP) names
 * a program explicitly; an empty value or a path that does not exist means "not installed".
 */
export function nativeRunner(environment: NodeJS.ProcessEnv = process.env): NativeRunner {
  const located = new Map<string, string | undefined>();
  return {
    locate(program) {
      if (!located.has(program)) located.set(program, find(program, environment));
      return located.get(program);
    },
    run(request) {
      return runIn(request);
    },
  };
}

function find(program: string, environment: NodeJS.ProcessEnv): string | undefined {
  const override = environment[`CHOKEPOINT_${program.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  if (override !== undefined) return override !== '' && isAbsolute(override) && executable(override) ? override : undefined;
  for (const folder of (environment.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, program);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return existsSync(path);
  } catch {
    return false;
  }
}

function runIn(request: NativeRequest): NativeResult {
  const folder = mkdtempSync(join(tmpdir(), 'chokepoint-solver-'));
  try {
    for (const [name, content] of request.inputs) {
      const descriptor = openSync(join(folder, name), 'wx', 0o600);
      try {
        for (const chunk of typeof content === 'string' ? [content] : content) writeSync(descriptor, chunk);
      } finally {
        closeSync(descriptor);
      }
    }
    const child = spawnSync(request.program, request.args, {
      cwd: folder,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(request.timeoutMs === undefined ? {} : { timeout: request.timeoutMs, killSignal: 'SIGKILL' as const }),
    });
    if (child.error && !('status' in child && child.status !== null)) throw new Error(`${request.program} could not run: ${child.error.message}`);
    const outputs = new Map<string, Uint8Array>();
    for (const name of request.outputs) {
      const path = join(folder, name);
      if (existsSync(path)) outputs.set(name, readFileSync(path));
    }
    return { exitCode: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '', outputs };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
