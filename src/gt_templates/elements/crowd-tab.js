// <crowd-tab>: one panel of a <crowd-tabs>; `header` is its tab's title.
// Its content stays in the light DOM (slotted).
import { createShadow, defineElement, elementReady } from './_support.js';

class CrowdTab extends HTMLElement {
  connectedCallback() {
    if (!this.shadowRoot) {
      createShadow(this, ':host { padding: 4px 0; }').append(document.createElement('slot'));
    }
    if (!this.hasAttribute('role')) {
      this.setAttribute('role', 'tabpanel');
    }
    elementReady(this);
  }
}

defineElement('crowd-tab', CrowdTab);
