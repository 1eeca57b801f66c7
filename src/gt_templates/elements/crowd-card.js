// <crowd-card>: an elevated box with an optional heading and image above its
// (slotted, light-DOM) content.
import { createNode, createShadow, defineElement, elementReady, imageSettled, stringAttribute } from './_support.js';

const CARD_CSS = `
  :host { margin: 8px 0; }
  .card {
    border-radius: 2px;
    background: #fff;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
    overflow: hidden;
  }
  img { display: block; max-width: 100%; }
  h2 { font-size: 18px; margin: 0; padding: 12px 16px 0; }
  .content { padding: 12px 16px; }
`;

class CrowdCard extends HTMLElement {
  static get observedAttributes() {
    return ['heading', 'image'];
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      this._render();
    }
    // Ready once the image (if any) is on screen.
    const img = this.shadowRoot.querySelector('img');
    (img ? imageSettled(img) : Promise.resolve()).then(() => elementReady(this));
  }

  attributeChangedCallback() {
    if (this.shadowRoot) {
      this._render();
    }
  }

  _render() {
    const root = createShadow(this, CARD_CSS);
    const heading = stringAttribute(this, 'heading');
    const image = stringAttribute(this, 'image');
    const card = createNode('section', { class: 'card', part: 'card', 'aria-label': heading || null });
    if (image) {
      card.append(createNode('img', { src: image, alt: heading, part: 'image' }));
    }
    if (heading) {
      card.append(createNode('h2', { part: 'heading' }, heading));
    }
    const content = createNode('div', { class: 'content' });
    content.append(document.createElement('slot'));
    card.append(content);
    root.append(card);
  }
}

defineElement('crowd-card', CrowdCard);
