// <crowd-fab>: a floating action button showing an icon or a one-character
// label; `title` is its tooltip. Page scripts handle its clicks.
import { createNode, createShadow, defineElement, stringAttribute } from './_support.js';
import { ButtonElement, ICON_CSS, crowdIconGraphic, crowdIconName } from './crowd-icon-button.js';

const FAB_CSS = `
  :host { display: inline-block; }
  :host([disabled]) { pointer-events: none; }
  button {
    width: 56px;
    height: 56px;
    border: none;
    border-radius: 50%;
    background: #ec7211;
    color: #fff;
    font-size: 20px;
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.3);
    display: inline-flex;
    align-items: center;
    justify-content: center;
  }
  button:disabled { background: #aab7b8; box-shadow: none; }
`;

class CrowdFab extends ButtonElement {
  static get observedAttributes() {
    return ['icon', 'label', 'title', 'disabled', 'aria-label'];
  }

  _render() {
    const root = createShadow(this, ICON_CSS + FAB_CSS);
    const icon = stringAttribute(this, 'icon');
    const label = stringAttribute(this, 'label');
    const name = this.getAttribute('aria-label') || this.getAttribute('title') || label
      || crowdIconName(icon) || 'Action';
    const button = createNode('button', { type: 'button', part: 'button', 'aria-label': name });
    button.disabled = this.disabled;
    // The icon overrides the label, as on AWS.
    if (icon) {
      button.append(crowdIconGraphic(icon));
    } else {
      button.append(createNode('span', { 'aria-hidden': 'true' }, label.charAt(0)));
    }
    root.append(button);
  }
}

defineElement('crowd-fab', CrowdFab);
