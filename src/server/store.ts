import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { publishedResult, readResult } from '../analysis/gas-words.ts';

/**
 * The database's layout version (PRAGMA user_version); a newer file is refused, not misread.
 * 2: a gas run's result is stored in gas words (as served); version 1 stored it canonical.
 */
export const SCHEMA_VERSION = 2;

/** The disk (or its quota) is full: the API answers 507 and keeps what it stored. */
export class StoreFullError extends Error {}

const FULL = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE']);

/** Runs a write; a full disk becomes a StoreFullError the callers can answer, never a crash. */
function writing<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (FULL.has(code) || /ENOSPC|disk is full|database or disk is full/i.test((error as Error).message)) throw new StoreFullError('the disk is full');
    throw error;
  }
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

/** A run as stored: the scenario as submitted, its status, and the result once solved. */
export interface StoredRun {
  readonly id: string;
  readonly name: string;
  readonly network: string;
  readonly status: RunStatus;
  readonly stage: string;
  readonly scenario: unknown;
  readonly result: unknown;
  readonly error: string | null;
  readonly timings: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface Row {
  id: string;
  name: string;
  network: string;
  status: RunStatus;
  stage: string;
  scenario: string;
  result: string | null;
  error: string | null;
  timings: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Runs in an embedded SQLite database (WAL): every state change is committed before it is
 * reported, so a server that dies loses no finished run; runs it was working on are marked
 * failed when the next server opens the store.
 */
export function openStore(directory: string, options: { readonly maxPageCount?: number } = {}) {
  mkdirSync(directory, { recursive: true });
  const db = new Database(join(directory, 'chokepoint.sqlite'));
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`the run database in ${directory} has layout version ${version}, newer than this chokepoint understands (${SCHEMA_VERSION}): use a newer chokepoint or another --data folder`);
  }
  db.pragma('journal_mode = WAL');
  // A cap on the database's size: SQLite then reports SQLITE_FULL exactly as on a full disk (tests).
  if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    network TEXT NOT NULL,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    scenario TEXT NOT NULL,
    result TEXT,
    error TEXT,
    timings TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`);
  if (version < 2) writing(() => db.transaction(() => gasRunsInGasWords(db))());
  if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  const now = () => new Date().toISOString();
  const interrupted = writing(() => db.prepare(`UPDATE runs SET status = 'failed', stage = 'interrupted', error = 'the server stopped before this run finished: submit it again', updated_at = ? WHERE status IN ('queued', 'running')`).run(now()).changes);
  const insert = db.prepare('INSERT INTO runs (id, name, network, status, stage, scenario, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const byId = db.prepare('SELECT * FROM runs WHERE id = ?');
  const statusOf = db.prepare('SELECT status FROM runs WHERE id = ?');
  const list = db.prepare('SELECT id, name, network, status, stage, error, created_at, updated_at FROM runs ORDER BY created_at DESC, id DESC LIMIT ?');
  const setStatus = db.prepare('UPDATE runs SET status = ?, stage = ?, updated_at = ? WHERE id = ?');
  const finish = db.prepare("UPDATE runs SET status = 'done', stage = 'done', result = ?, timings = ?, updated_at = ? WHERE id = ?");
  const fail = db.prepare("UPDATE runs SET status = 'failed', stage = 'failed', error = ?, updated_at = ? WHERE id = ?");
  const rename = db.prepare('UPDATE runs SET name = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM runs WHERE id = ?');
  const toRun = (row: Row): StoredRun => ({
    id: row.id,
    name: row.name,
    network: row.network,
    status: row.status,
    stage: row.stage,
    scenario: JSON.parse(row.scenario),
    result: row.result === null ? null : JSON.parse(row.result),
    error: row.error,
    timings: row.timings === null ? null : JSON.parse(row.timings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  return {
    /** Runs that a previous server left unfinished, now marked failed. */
    interrupted,
    create(id: string, name: string, network: string, scenario: unknown): void {
      const time = now();
      writing(() => insert.run(id, name, network, 'queued', 'queued', JSON.stringify(scenario), time, time));
    },
    get(id: string): StoredRun | undefined {
      const row = byId.get(id) as Row | undefined;
      return row ? toRun(row) : undefined;
    },
    status(id: string): RunStatus | undefined {
      return (statusOf.get(id) as { status: RunStatus } | undefined)?.status;
    },
    /** The run as JSON text, its stored result spliced in unparsed: polling stays cheap. */
    json(id: string): string | undefined {
      const row = byId.get(id) as Row | undefined;
      if (!row) return undefined;
      const head = JSON.stringify({ id: row.id, name: row.name, network: row.network, status: row.status, stage: row.stage, error: row.error, timings: row.timings === null ? null : JSON.parse(row.timings), createdAt: row.created_at, updatedAt: row.updated_at, scenario: JSON.parse(row.scenario) });
      return `${head.slice(0, -1)},"result":${row.result ?? 'null'}}`;
    },
    list(limit = 200) {
      return (list.all(limit) as Omit<Row, 'scenario' | 'result' | 'timings'>[]).map(summaryOf);
    },
    summary(id: string) {
      const row = byId.get(id) as Row | undefined;
      return row ? summaryOf(row) : undefined;
    },
    running(id: string, stage: string): void {
      writing(() => setStatus.run('running', stage, now(), id));
    },
    done(id: string, result: unknown, timings: unknown): void {
      writing(() => finish.run(JSON.stringify(result), JSON.stringify(timings), now(), id));
    },
    failed(id: string, error: string): void {
      writing(() => fail.run(error, now(), id));
    },
    rename(id: string, name: string): boolean {
      return writing(() => rename.run(name, now(), id).changes > 0);
    },
    remove(id: string): boolean {
      return writing(() => remove.run(id).changes > 0);
    },
    /** Runs still queued or running when the server stops, marked failed so none waits for ever. */
    stopped(reason: string): number {
      return writing(() => db.prepare(`UPDATE runs SET status = 'failed', stage = 'interrupted', error = ?, updated_at = ? WHERE status IN ('queued', 'running')`).run(reason, now()).changes);
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}

export type Store = ReturnType<typeof openStore>;

/** Version 1 to 2: gas runs stored canonical (barrels, Tonnes and Usd keys) rewritten as the API now serves them. */
function gasRunsInGasWords(db: Database.Database): void {
  const rows = db.prepare(`SELECT id, result FROM runs WHERE status = 'done' AND result IS NOT NULL`).all() as { id: string; result: string }[];
  const update = db.prepare('UPDATE runs SET result = ? WHERE id = ?');
  for (const row of rows) {
    const stored = JSON.parse(row.result) as Record<string, unknown>;
    if (stored.gas === undefined || 'units' in stored) continue;
    const read = readResult(stored);
    // A row that does not read as a result is left as it is: the API serves what it stored.
    if (read.success) update.run(JSON.stringify(publishedResult(read.data)), row.id);
  }
}

function summaryOf(row: Omit<Row, 'scenario' | 'result' | 'timings'>) {
  return { id: row.id, name: row.name, network: row.network, status: row.status, stage: row.stage, error: row.error, createdAt: row.created_at, updatedAt: row.updated_at };
}
