// <crowd-toggle-button>: an on/off switch. Answer { <value>: true|false }
// under `name`; `required` means it must be switched on; `invalid` shows the
// alert colour while it is off.
import { defineElement, stringAttribute } from './_support.js';
import { RequirableCheckControlElement, checkValueKey } from './crowd-checkbox.js';

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

class CrowdToggleButton extends RequirableCheckControlElement {
  _buildControl() {
    const parts = super._buildControl(TOGGLE_CSS);
    parts.input.setAttribute('role', 'switch');
    return parts;
  }

  _missingMessage() {
    const name = this.getAttribute('aria-label') || stringAttribute(this, 'name') || checkValueKey(this);
    return `Switch on "${name}".`;
  }
}

defineElement('crowd-toggle-button', CrowdToggleButton);
