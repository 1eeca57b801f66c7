// <crowd-modal>: a link (or button, with link-type="button") that opens its
// content in a modal dialog. The content stays in the light DOM (slotted),
// so form controls inside it are still submitted.
import { createNode, createShadow, defineElement, elementReady, stringAttribute } from './_support.js';

export const OPENER_CSS = `
  :host { display: inline-block; }
  .opener.link {
    border: none;
    background: transparent;
    padding: 0;
    color: #0073bb;
    text-decoration: underline;
  }
  dialog { width: min(800px, 90vw); }
  dialog::backdrop { background: rgba(0, 0, 0, 0.4); }
`;

// Builds the link/button that opens a dialog; link-type picks the look.
export function buildDialogOpener(host, fallbackText) {
  const linkType = stringAttribute(host, 'link-type', 'link') === 'button' ? 'button' : 'link';
  return createNode('button', {
    type: 'button',
    class: `opener ${linkType}`,
    part: 'opener',
  }, stringAttribute(host, 'link-text') || fallbackText);
}

class CrowdModal extends HTMLElement {
  static get observedAttributes() {
    return ['link-text', 'link-type'];
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      this._render();
    }
    elementReady(this);
  }

  attributeChangedCallback() {
    if (this.shadowRoot) {
      this._render();
    }
  }

  open() {
    this.shadowRoot.querySelector('dialog').showModal();
  }

  close() {
    this.shadowRoot.querySelector('dialog').close();
  }

  _render() {
    const root = createShadow(this, OPENER_CSS);
    const opener = buildDialogOpener(this, 'Click to open modal');
    const dialog = createNode('dialog', { 'aria-label': opener.textContent, part: 'dialog' });
    const body = createNode('div', { class: 'gt-dialog-body' });
    const footer = createNode('footer');
    const close = createNode('button', { type: 'button' }, 'Close');
    body.append(document.createElement('slot'));
    footer.append(close);
    dialog.append(body, footer);
    opener.addEventListener('click', () => this.open());
    close.addEventListener('click', () => this.close());
    root.append(opener, dialog);
  }
}

defineElement('crowd-modal', CrowdModal);
