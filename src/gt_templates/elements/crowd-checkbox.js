// <crowd-checkbox>: answer { <value>: true|false } under `name`; boxes that
// share a name are merged into one object by crowd-form. Also exports the
// check-control helpers crowd-radio-button and crowd-toggle-button use.
import { booleanAttribute, createNode, createShadow, defineElement, elementReady, stringAttribute } from './_support.js';

export const CHECK_CONTROL_CSS = `
  :host { display: inline-block; margin: 2px 0; }
  label { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
  input { margin: 0; width: 16px; height: 16px; accent-color: #0073bb; cursor: inherit; }
  :host([disabled]) label { cursor: default; opacity: 0.6; }
  input[aria-invalid="true"] { outline: 2px solid #d13212; }
  .gt-message:empty { display: none; }
`;

// Builds <label><input><slot></label> plus a message line; the slotted text
// is the control's accessible name.
export function buildCheckControl(host, type, css) {
  host.attachShadow({ mode: 'open', delegatesFocus: true });
  const root = createShadow(host, CHECK_CONTROL_CSS + css);
  const input = createNode('input', { type, part: 'control' });
  const label = createNode('label');
  label.append(input, createNode('slot'));
  const message = createNode('div', { class: 'gt-message', role: 'alert' });
  root.append(label, message);
  input.addEventListener('change', () => host.dispatchEvent(new Event('change', { bubbles: true })));
  return { input, label, message };
}

// Shows or clears a validation message on a check control.
export function showCheckProblem(parts, message) {
  parts.message.textContent = message;
  parts.input.setAttribute('aria-invalid', String(message !== ''));
}

// Names the control from its text, else from aria-label/title/name/value.
export function nameCheckControl(host, input) {
  const text = host.textContent.trim();
  const fallback = host.getAttribute('aria-label') || host.getAttribute('title')
    || stringAttribute(host, 'name') || stringAttribute(host, 'value', host.localName);
  if (text === '') {
    input.setAttribute('aria-label', fallback);
  } else {
    input.removeAttribute('aria-label');
  }
}

// The value attribute that names the boolean in the answer (default "on").
export function checkValueKey(host) {
  return stringAttribute(host, 'value', 'on');
}

class CrowdCheckbox extends HTMLElement {
  static get observedAttributes() {
    return ['checked', 'disabled', 'required', 'value', 'name'];
  }

  constructor() {
    super();
    this._parts = null;
  }

  connectedCallback() {
    if (!this._parts) {
      this._parts = buildCheckControl(this, 'checkbox', '');
      this._parts.input.checked = booleanAttribute(this, 'checked');
      this._parts.input.addEventListener('change', () => this._showProblem(''));
      this._sync();
    }
    elementReady(this);
  }

  attributeChangedCallback(name) {
    if (!this._parts) {
      return;
    }
    if (name === 'checked') {
      this._parts.input.checked = booleanAttribute(this, 'checked');
    }
    this._sync();
  }

  get checked() {
    return this._parts ? this._parts.input.checked : booleanAttribute(this, 'checked');
  }

  set checked(on) {
    if (this._parts) {
      this._parts.input.checked = Boolean(on);
    } else {
      this.toggleAttribute('checked', Boolean(on));
    }
  }

  get disabled() {
    return booleanAttribute(this, 'disabled');
  }

  set disabled(on) {
    this.toggleAttribute('disabled', Boolean(on));
  }

  get value() {
    return { [checkValueKey(this)]: this.checked };
  }

  gtAnswer() {
    return this.value;
  }

  gtValidate() {
    const missing = booleanAttribute(this, 'required') && !this.disabled && !this.checked;
    const message = missing ? `Check "${this._displayName()}".` : '';
    this._showProblem(message);
    return message;
  }

  gtReset() {
    this._parts.input.checked = booleanAttribute(this, 'checked');
    this._showProblem('');
  }

  _sync() {
    const { input } = this._parts;
    input.disabled = this.disabled;
    input.required = booleanAttribute(this, 'required');
    nameCheckControl(this, input);
  }

  _displayName() {
    return this.textContent.trim() || stringAttribute(this, 'name') || checkValueKey(this);
  }

  _showProblem(message) {
    showCheckProblem(this._parts, message);
  }
}

defineElement('crowd-checkbox', CrowdCheckbox);
