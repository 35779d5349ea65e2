import { $, escapeHtml } from './format.ts';

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
  const runs = (await response.json()) as StoredRunSummary[];
  const list = $('history-list');
  list.innerHTML = runs
    .slice(0, 30)
    .map((run) => {
      const name = escapeHtml(run.name);
      return `<li data-run="${run.id}"><input type="checkbox" value="${run.id}" aria-label="compare ${name}" /><span>${run.createdAt.slice(11, 19)}</span><span>${escapeHtml(run.status)}</span><span class="run-name">${name}</span>
<span class="run-actions"><button type="button" class="small" data-action="open"${run.status === 'done' ? '' : ' disabled'} aria-label="open ${name}">Open</button><button type="button" class="small" data-action="rename" aria-label="rename ${name}">Rename</button><button type="button" class="small danger" data-action="delete" aria-label="delete ${name}">Delete</button></span></li>`;
    })
    .join('');
  for (const item of list.querySelectorAll<HTMLLIElement>('li[data-run]')) {
    const id = item.dataset.run!;
    item.querySelector('[data-action="open"]')!.addEventListener('click', () => actions.open(id));
    item.querySelector('[data-action="rename"]')!.addEventListener('click', () => startRename(item, id, actions));
    const remove = item.querySelector<HTMLButtonElement>('[data-action="delete"]')!;
    remove.addEventListener('click', async () => {
      if (remove.dataset.armed !== 'yes') {
        remove.dataset.armed = 'yes';
        remove.textContent = 'Confirm delete';
        return;
      }
      const deleted = await fetch(`/api/runs/${id}`, { method: 'DELETE' });
      if (!deleted.ok) return actions.error(`cannot delete the run: ${await errorText(deleted)}`);
      await drawHistory(actions);
    });
  }
}

function startRename(item: HTMLLIElement, id: string, actions: HistoryActions): void {
  const label = item.querySelector<HTMLSpanElement>('.run-name')!;
  const input = document.createElement('input');
  input.type = 'text';
  input.value = label.textContent ?? '';
  input.setAttribute('aria-label', 'new name of the run');
  input.maxLength = 200;
  label.replaceChildren(input);
  input.focus();
  input.select();
  let settled = false;
  const finish = async (save: boolean) => {
    if (settled) return;
    settled = true;
    const name = input.value.trim();
    if (save && name.length > 0) {
      const response = await fetch(`/api/runs/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      if (!response.ok) actions.error(`cannot rename the run: ${await errorText(response)}`);
    }
    await drawHistory(actions);
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void finish(true);
    if (event.key === 'Escape') void finish(false);
  });
  input.addEventListener('blur', () => void finish(true));
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
