// <crowd-radio-group>: makes its crowd-radio-buttons mutually exclusive and
// moves the choice with the arrow keys. It submits nothing itself: each
// button reports its own { <value>: bool } under its own name.
import { createShadow, defineElement, elementReady } from './_support.js';

const RADIO_GROUP_KEYS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

class CrowdRadioGroup extends HTMLElement {
  connectedCallback() {
    if (!this.shadowRoot) {
      const root = createShadow(this, ':host { display: flex; flex-direction: column; gap: 4px; }');
      root.append(document.createElement('slot'));
      this.addEventListener('change', (event) => this._onChange(event));
      this.addEventListener('keydown', (event) => this._onKeyDown(event));
    }
    if (!this.hasAttribute('role')) {
      this.setAttribute('role', 'radiogroup');
    }
    elementReady(this);
  }

  _buttons() {
    return Array.from(this.querySelectorAll('crowd-radio-button'))
      .filter((button) => button.closest('crowd-radio-group') === this);
  }

  _onChange(event) {
    const chosen = event.target;
    if (chosen.localName !== 'crowd-radio-button' || !chosen.checked || !this._buttons().includes(chosen)) {
      return;
    }
    for (const button of this._buttons()) {
      if (button !== chosen) {
        button.checked = false;
      }
    }
  }

  _onKeyDown(event) {
    const step = RADIO_GROUP_KEYS[event.key];
    const buttons = this._buttons().filter((button) => !button.disabled);
    const current = buttons.indexOf(event.target);
    if (!step || current < 0) {
      return;
    }
    event.preventDefault();
    const next = buttons[(current + step + buttons.length) % buttons.length];
    next.focus();
    next.choose();
  }
}

defineElement('crowd-radio-group', CrowdRadioGroup);
