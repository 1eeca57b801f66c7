// <crowd-toggle-button>: an on/off switch. Answer { <value>: true|false }
// under `name`; `required` means it must be switched on; `invalid` shows the
// alert colour while it is off.
import { booleanAttribute, defineElement, elementReady, stringAttribute } from './_support.js';
import { buildCheckControl, checkValueKey, nameCheckControl, showCheckProblem } from './crowd-checkbox.js';

const TOGGLE_CSS = `
  input {
    appearance: none;
    position: relative;
    width: 36px;
    height: 20px;
    border-radius: 10px;
    background: #aab7b8;
    transition: background 0.15s;
  }
  input::after {
    content: "";
    position: absolute;
    top: 2px;
    left: 2px;
    width: 16px;
    height: 16px;
    border-radius: 50%;
    background: #fff;
    transition: left 0.15s;
  }
  input:checked { background: #0073bb; }
  input:checked::after { left: 18px; }
  :host([invalid]) input:not(:checked) { background: #d13212; }
`;

class CrowdToggleButton extends HTMLElement {
  static get observedAttributes() {
    return ['checked', 'disabled', 'required', 'value', 'name'];
  }

  constructor() {
    super();
    this._parts = null;
  }

  connectedCallback() {
    if (!this._parts) {
      this._parts = buildCheckControl(this, 'checkbox', TOGGLE_CSS);
      this._parts.input.setAttribute('role', 'switch');
      this._parts.input.checked = booleanAttribute(this, 'checked');
      this._parts.input.addEventListener('change', () => showCheckProblem(this._parts, ''));
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
    const name = this.getAttribute('aria-label') || stringAttribute(this, 'name') || checkValueKey(this);
    const message = missing ? `Switch on "${name}".` : '';
    showCheckProblem(this._parts, message);
    return message;
  }

  gtReset() {
    this._parts.input.checked = booleanAttribute(this, 'checked');
    showCheckProblem(this._parts, '');
  }

  _sync() {
    const { input } = this._parts;
    input.disabled = this.disabled;
    input.required = booleanAttribute(this, 'required');
    nameCheckControl(this, input);
  }
}

defineElement('crowd-toggle-button', CrowdToggleButton);
