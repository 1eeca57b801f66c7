// <crowd-checkbox>: answer { <value>: true|false } under `name`; boxes that
// share a name are merged into one object by crowd-form. Also exports the
// check-control helpers and base classes crowd-radio-button and
// crowd-toggle-button use.
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

// Base for crowd-checkbox, crowd-toggle-button and crowd-radio-button: the
// inner input starts (and resets) from the `checked` attribute, then the
// worker's clicks rule; the answer is { <value>: checked }. Subclasses build
// the control in `_buildControl()` and validate it.
export class CheckControlElement extends HTMLElement {
  constructor() {
    super();
    this._parts = null;
  }

  connectedCallback() {
    if (!this._parts) {
      this._parts = this._buildControl();
      this._parts.input.checked = booleanAttribute(this, 'checked');
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

  gtReset() {
    this._parts.input.checked = booleanAttribute(this, 'checked');
  }

  _sync() {
    this._parts.input.disabled = this.disabled;
    nameCheckControl(this, this._parts.input);
  }
}

// Base for crowd-checkbox and crowd-toggle-button, which `required` asks to
// be checked: `_missingMessage()` says what to do, and the message clears as
// soon as the worker changes the control.
export class RequirableCheckControlElement extends CheckControlElement {
  static get observedAttributes() {
    return ['checked', 'disabled', 'required', 'value', 'name'];
  }

  gtValidate() {
    const missing = booleanAttribute(this, 'required') && !this.disabled && !this.checked;
    const message = missing ? this._missingMessage() : '';
    showCheckProblem(this._parts, message);
    return message;
  }

  gtReset() {
    super.gtReset();
    showCheckProblem(this._parts, '');
  }

  _buildControl(css = '') {
    const parts = buildCheckControl(this, 'checkbox', css);
    parts.input.addEventListener('change', () => showCheckProblem(parts, ''));
    return parts;
  }

  _sync() {
    super._sync();
    this._parts.input.required = booleanAttribute(this, 'required');
  }
}

class CrowdCheckbox extends RequirableCheckControlElement {
  _missingMessage() {
    const name = this.textContent.trim() || stringAttribute(this, 'name') || checkValueKey(this);
    return `Check "${name}".`;
  }
}

defineElement('crowd-checkbox', CrowdCheckbox);
