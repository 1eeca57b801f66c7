// <crowd-radio-button>: answer { <value>: true|false } under `name`. Inside a
// <crowd-radio-group> only one button is checked. AWS documents no `required`
// support for it, so none is offered (a console warning says so).
import { defineElement } from './_support.js';
import { CheckControlElement, buildCheckControl } from './crowd-checkbox.js';

class CrowdRadioButton extends CheckControlElement {
  static get observedAttributes() {
    return ['checked', 'disabled', 'value', 'name'];
  }

  gtValidate() {
    return '';
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

  _buildControl() {
    if (this.hasAttribute('required')) {
      console.warn('gt-templates: crowd-radio-button does not support "required" (as on AWS); '
        + 'use a native <input type="radio" required> instead.');
    }
    return buildCheckControl(this, 'radio', '');
  }
}

defineElement('crowd-radio-button', CrowdRadioButton);
