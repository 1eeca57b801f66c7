// <crowd-toast>: a transient notification; only one toast is visible at a
// time. `text` (or the element's content) is shown for `duration` ms
// (3000 by default; 0 keeps it open); `opened` shows it at once.
import { booleanAttribute, createNode, createShadow, defineElement, elementReady, stringAttribute } from './_support.js';

const TOAST_CSS = `
  :host {
    position: fixed;
    left: 16px;
    bottom: 16px;
    z-index: 1000;
    max-width: min(480px, calc(100vw - 32px));
    padding: 10px 16px;
    border-radius: 2px;
    background: #232f3e;
    color: #fff;
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3);
  }
  :host(:not([opened])) { display: none; }
`;

class CrowdToast extends HTMLElement {
  static get observedAttributes() {
    return ['opened', 'text'];
  }

  constructor() {
    super();
    this._timer = 0;
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      const root = createShadow(this, TOAST_CSS);
      const status = createNode('div', { role: 'status', 'aria-live': 'polite', part: 'text' });
      status.append(createNode('span', { class: 'text' }), document.createElement('slot'));
      root.append(status);
      this._sync();
    }
    elementReady(this);
  }

  attributeChangedCallback(name) {
    if (!this.shadowRoot) {
      return;
    }
    if (name === 'opened') {
      this._sync();
    } else {
      this.shadowRoot.querySelector('.text').textContent = stringAttribute(this, 'text');
    }
  }

  get opened() {
    return booleanAttribute(this, 'opened');
  }

  set opened(on) {
    this.toggleAttribute('opened', Boolean(on));
  }

  get duration() {
    const value = Number.parseFloat(stringAttribute(this, 'duration'));
    return Number.isFinite(value) ? value : 3000;
  }

  set duration(ms) {
    this.setAttribute('duration', String(ms));
  }

  get text() {
    return stringAttribute(this, 'text');
  }

  set text(value) {
    this.setAttribute('text', String(value));
  }

  // Shows the toast; `text` optionally replaces the message first.
  show(text) {
    if (typeof text === 'string') {
      this.text = text;
    }
    this.opened = true;
  }

  open() {
    this.show();
  }

  close() {
    this.opened = false;
  }

  hide() {
    this.close();
  }

  toggle() {
    this.opened = !this.opened;
  }

  // Starts or stops the auto-close timer and closes any other open toast.
  _sync() {
    this.shadowRoot.querySelector('.text').textContent = stringAttribute(this, 'text');
    clearTimeout(this._timer);
    if (!this.opened) {
      return;
    }
    for (const other of document.querySelectorAll('crowd-toast[opened]')) {
      // An attribute, not close(): the other toast may not be upgraded yet.
      if (other !== this) {
        other.removeAttribute('opened');
      }
    }
    if (this.duration > 0 && Number.isFinite(this.duration)) {
      this._timer = setTimeout(() => this.close(), this.duration);
    }
  }
}

defineElement('crowd-toast', CrowdToast);
