import { $ } from './format.ts';

export interface FieldProblem {
  /** Id of the input the problem is about. */
  readonly field: string;
  readonly message: string;
}

/** Removes every error shown at a field, and the summary. */
export function clearFieldErrors(): void {
  for (const element of document.querySelectorAll('[aria-invalid="true"]')) {
    element.removeAttribute('aria-invalid');
    element.removeAttribute('aria-describedby');
  }
  for (const element of document.querySelectorAll('.field-error')) element.remove();
  $('form-error').textContent = '';
}

/**
 * Shows each problem at its field: the input marked invalid and described by its message, which
 * sits right under the input's label; the first such input gets the focus. The summary under the
 * events repeats them. Returns whether there was nothing to report.
 */
export function reportAtFields(problems: readonly FieldProblem[]): boolean {
  clearFieldErrors();
  if (problems.length === 0) return true;
  for (const { field, message } of problems) {
    const input = $(field);
    const note = document.createElement('span');
    note.className = 'field-error';
    note.id = `${field}-error`;
    note.textContent = message;
    (input.closest('label') ?? input).after(note);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
  }
  $('form-error').textContent = problems.map((problem) => problem.message).join('; ');
  $(problems[0]!.field).focus();
  return false;
}
