// <crowd-radio-button>: answer { <value>: true|false } under `name`. Inside a
// <crowd-radio-group> only one button is checked. AWS documents no `required`
// support for it, so none is offered (a console warning says so).
import { booleanAttribute, defineElement, elementReady } from './_support.js';
import { buildCheckControl, checkValueKey, nameCheckControl } from './crowd-checkbox.js';

class CrowdRadioButton extends HTMLElement {
  static get observedAttributes() {
    return ['checked', 'disabled', 'value', 'name'];
  }

  constructor() {
    super();
    this._parts = null;
  }

  connectedCallback() {
    if (!this._parts) {
      this._parts = buildCheckControl(this, 'radio', '');
      this._parts.input.checked = booleanAttribute(this, 'checked');
      this._sync();
      if (this.hasAttribute('required')) {
        console.warn('gt-templates: crowd-radio-button does not support "required" (as on AWS); '
          + 'use a native <input type="radio" required> instead.');
      }
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
    return '';
  }

  gtReset() {
    this._parts.input.checked = booleanAttribute(this, 'checked');
  }

  // Checks this button as if the worker chose it (used for arrow keys).
  choose() {
    if (this.disabled || this.checked) {
      return;
    }
    this._parts.input.checked = true;
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  focus(options) {
    if (this._parts) {
      this._parts.input.focus(options);
    }
  }

  _sync() {
    this._parts.input.disabled = this.disabled;
    nameCheckControl(this, this._parts.input);
  }
}

defineElement('crowd-radio-button', CrowdRadioButton);
