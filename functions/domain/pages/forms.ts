// Forms on the city's pages (signing in, the account, consent): labelled fields with their hints and
// errors tied to them (aria-describedby), large touch targets, and nothing that needs JavaScript.
// Pages add `formStyles` to their <head>.
import { html, markSafe, type Interpolation, type SafeHtml } from './html';

export const formStyles = markSafe(`<style>
.form{display:grid;gap:1rem;max-width:32rem}
.field{display:grid;gap:.375rem}
.field label,.field legend{font-weight:600}
.field input[type=text],.field input[type=email],.field input[type=search]{width:100%;min-height:2.875rem;padding:.5rem .75rem;border:2px solid #4b5563;border-radius:8px;font:inherit;background:#fff;color:inherit}
.field input.code{max-width:12rem;font-size:1.5rem;letter-spacing:.3em;font-family:ui-monospace,Menlo,Consolas,monospace}
.field fieldset{margin:0;padding:0;border:0;display:grid;gap:.5rem}
.choice{display:flex;gap:.625rem;align-items:flex-start}
.choice input{width:1.375rem;height:1.375rem;margin:.15rem 0 0;flex:none}
.hint{margin:0;color:var(--muted);font-size:.9375rem}
.error{margin:0;color:#b42318;font-weight:600}
.field-error input{border-color:#b42318}
.notice{padding:1rem 1.25rem;border-left:6px solid var(--secondary);background:#fff;border-radius:10px}
button.button{font:inherit;cursor:pointer}
.inline-form{display:inline}
</style>`);

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email';
  value?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'text';
  required?: boolean;
  /** Extra class on the input (e.g. `code`). */
  className?: string;
  maxlength?: number;
  pattern?: string;
}

export function field(options: FieldOptions): SafeHtml {
  const hintId = options.hint ? `${options.name}-hint` : undefined;
  const errorId = options.error ? `${options.name}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ');
  return html`<div class="field${options.error ? ' field-error' : ''}">
<label for="${options.name}">${options.label}</label>
${options.hint && html`<p class="hint" id="${hintId}">${options.hint}</p>`}
${options.error && html`<p class="error" id="${errorId}">${options.error}</p>`}
<input id="${options.name}" name="${options.name}" type="${options.type ?? 'text'}"${options.value ? html` value="${options.value}"` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.required === false ? '' : markSafe(' required')}${options.className ? html` class="${options.className}"` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${options.pattern ? html` pattern="${options.pattern}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${options.error ? markSafe(' aria-invalid="true"') : ''}>
</div>`;
}

/** A form that posts back to the city; `hidden` carries the CSRF field (and any other hidden inputs). */
export function form(action: string, hidden: Interpolation, body: Interpolation, submit: string): SafeHtml {
  return html`<form class="form" method="post" action="${action}" novalidate>
${hidden}
${body}
<div><button class="button button-primary" type="submit">${submit}</button></div>
</form>`;
}
