import { html, render } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import { $ } from './format.ts';

export interface StoredRunSummary {
  id: string;
  name: string;
  status: string;
  createdAt: string;
}

export interface HistoryActions {
  /** Show a stored run: its scenario in the editor and its result. */
  open(id: string): void;
  compare(a: string, b: string): void;
  error(message: string): void;
}

/**
 * The stored runs, newest first: tick two to compare, open one again, rename it in place (Enter
 * saves, Escape cancels) or delete it (a second click confirms).
 */
export async function drawHistory(actions: HistoryActions): Promise<void> {
  const response = await fetch('/api/runs');
  if (!response.ok) return actions.error(`cannot list runs: error ${response.status}`);
  shown = ((await response.json()) as StoredRunSummary[]).slice(0, 30);
  redraw(actions);
}

/** The run being renamed and the run whose delete waits for a second click. */
let shown: StoredRunSummary[] = [];
let renaming: string | undefined;
let armed: string | undefined;

function redraw(actions: HistoryActions): void {
  render(
    html`${repeat(
      shown,
      (run) => run.id,
      (run) => html`<li data-run=${run.id}>
        <input type="checkbox" value=${run.id} aria-label="compare ${run.name}" />
        <span>${run.createdAt.slice(11, 19)}</span><span>${run.status}</span>
        <span class="run-name">${renaming === run.id ? renameInput(run, actions) : run.name}</span>
        <span class="run-actions">
          <button type="button" class="small" data-action="open" ?disabled=${run.status !== 'done'} aria-label="open ${run.name}" @click=${() => actions.open(run.id)}>Open</button>
          <button type="button" class="small" data-action="rename" aria-label="rename ${run.name}" @click=${() => startRename(run.id, actions)}>Rename</button>
          <button type="button" class="small danger" data-action="delete" aria-label="delete ${run.name}" @click=${() => void remove(run.id, actions)}>${armed === run.id ? 'Confirm delete' : 'Delete'}</button>
        </span>
      </li>`,
    )}`,
    $('history-list'),
  );
}

async function remove(id: string, actions: HistoryActions): Promise<void> {
  if (armed !== id) {
    armed = id;
    return redraw(actions);
  }
  armed = undefined;
  const deleted = await fetch(`/api/runs/${id}`, { method: 'DELETE' });
  if (!deleted.ok) return actions.error(`cannot delete the run: ${await errorText(deleted)}`);
  await drawHistory(actions);
}

function startRename(id: string, actions: HistoryActions): void {
  renaming = id;
  redraw(actions);
  const input = $('history-list').querySelector<HTMLInputElement>('.run-name input')!;
  input.focus();
  input.select();
}

function renameInput(run: StoredRunSummary, actions: HistoryActions) {
  let settled = false;
  const finish = async (input: HTMLInputElement, save: boolean) => {
    if (settled) return;
    settled = true;
    renaming = undefined;
    const name = input.value.trim();
    if (save && name.length > 0) {
      const response = await fetch(`/api/runs/${run.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      if (!response.ok) actions.error(`cannot rename the run: ${await errorText(response)}`);
    }
    await drawHistory(actions);
  };
  return html`<input
    type="text"
    .value=${run.name}
    maxlength="200"
    aria-label="new name of the run"
    @keydown=${(event: KeyboardEvent) => {
      if (event.key === 'Enter') void finish(event.target as HTMLInputElement, true);
      if (event.key === 'Escape') void finish(event.target as HTMLInputElement, false);
    }}
    @blur=${(event: FocusEvent) => void finish(event.target as HTMLInputElement, true)}
  />`;
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: string; issues?: { message: string }[] };
    return body.issues?.map((issue) => issue.message).join('; ') ?? body.error ?? `error ${response.status}`;
  } catch {
    return `error ${response.status}`;
  }
}

/** The two ticked runs, oldest first, or an explanation. */
export function tickedPair(): [string, string] | string {
  const ticked = [...document.querySelectorAll<HTMLInputElement>('#history-list input[type="checkbox"]:checked')].map((input) => input.value);
  if (ticked.length !== 2) return 'tick exactly two runs to compare';
  return [ticked[1]!, ticked[0]!];
}
