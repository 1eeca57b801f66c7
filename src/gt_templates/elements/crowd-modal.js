// <crowd-modal>: a link (or button, with link-type="button") that opens its
// content in a modal dialog. The content stays in the light DOM (slotted),
// so form controls inside it are still submitted. Also exports the opener
// and dialog crowd-instructions shares.
import { RenderedElement, createNode, createShadow, defineElement, stringAttribute } from './_support.js';

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

// Base for crowd-modal and crowd-instructions: an opener (link-text,
// link-type) and the dialog it opens, with a Close button.
export class DialogOpenerElement extends RenderedElement {
  static get observedAttributes() {
    return ['link-text', 'link-type'];
  }

  open() {
    this.shadowRoot.querySelector('dialog').showModal();
  }

  close() {
    this.shadowRoot.querySelector('dialog').close();
  }

  // Rebuilds the shadow root with the opener and the dialog and returns the
  // dialog body to fill. A `title` heads the dialog and names it; without
  // one the dialog is named by the opener's text.
  _renderDialog(css, fallbackText, title = '') {
    const root = createShadow(this, OPENER_CSS + css);
    const opener = buildDialogOpener(this, fallbackText);
    const dialog = createNode('dialog', { 'aria-label': title || opener.textContent, part: 'dialog' });
    const body = createNode('div', { class: 'gt-dialog-body' });
    const footer = createNode('footer');
    const close = createNode('button', { type: 'button' }, 'Close');
    footer.append(close);
    if (title) {
      dialog.append(createNode('header', {}, title));
    }
    dialog.append(body, footer);
    opener.addEventListener('click', () => this.open());
    close.addEventListener('click', () => this.close());
    root.append(opener, dialog);
    return body;
  }
}

class CrowdModal extends DialogOpenerElement {
  _render() {
    this._renderDialog('', 'Click to open modal').append(document.createElement('slot'));
  }
}

defineElement('crowd-modal', CrowdModal);
