// <crowd-icon-button>: a round button showing an icon. Also exports the icon
// helpers crowd-button, crowd-fab and crowd-badge use (a small built-in set
// of iron-icons names, no network, or an image for an icon URL) and the base
// class of crowd-button and crowd-fab.
import { RenderedElement, booleanAttribute, createNode, createShadow, defineElement, stringAttribute } from './_support.js';

// SVG paths (24x24) of the Material Design icons that iron-icons ships under
// the same names (Apache-2.0). A function, not a constant, so that standalone
// pages can call it before this file's top-level code has run.
export function crowdIconPath(name) {
  const paths = {
    add: 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z',
    'arrow-back': 'M20 11H7.83l5.59-5.59L12 4l-8 8 8 8 1.41-1.41L7.83 13H20v-2z',
    'arrow-forward': 'M12 4l-1.41 1.41L16.17 11H4v2h12.17l-5.58 5.59L12 20l8-8z',
    check: 'M9 16.17L4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
    close: 'M19 6.41L17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
    delete: 'M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z',
    done: 'M9 16.17L4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
    error: 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-2h2v2zm0-4h-2V7h2v6z',
    favorite: 'M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z',
    help: 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 17h-2v-2h2v2zm2.07-7.75l-.9.92C13.45 12.9 13 13.5 13 15h-2v-.5c0-1.1.45-2.1 1.17-2.83l1.24-1.26c.37-.36.59-.86.59-1.41 0-1.1-.9-2-2-2s-2 .9-2 2H8c0-2.21 1.79-4 4-4s4 1.79 4 4c0 .88-.36 1.68-.93 2.25z',
    info: 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z',
    menu: 'M3 18h18v-2H3v2zm0-5h18v-2H3v2zm0-7v2h18V6H3z',
    refresh: 'M17.65 6.35C16.2 4.9 14.21 4 12 4c-4.42 0-7.99 3.58-7.99 8s3.57 8 7.99 8c3.73 0 6.84-2.55 7.73-6h-2.08c-.82 2.33-3.04 4-5.65 4-3.31 0-6-2.69-6-6s2.69-6 6-6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z',
    search: 'M15.5 14h-.79l-.28-.27C15.41 12.59 16 11.11 16 9.5 16 5.91 13.09 3 9.5 3S3 5.91 3 9.5 5.91 16 9.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14z',
    send: 'M2.01 21L23 12 2.01 3 2 10l15 2-15 2z',
    star: 'M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z',
    'thumb-down': 'M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v1.91l.01.01L2 14c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z',
    'thumb-up': 'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-1.91l-.01-.01L23 10z',
    warning: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  };
  return paths[name] || '';
}

// True when an icon attribute holds a URL rather than an iron-icons name.
export function isIconUrl(icon) {
  return /^(https?:|data:|blob:|file:|\.{0,2}\/)/.test(icon) || /\.(svg|png|jpe?g|gif|webp)(\?|$)/i.test(icon);
}

// Builds the graphic for an icon name or URL; unknown names show their first
// letter (and a console warning) rather than nothing.
export function crowdIconGraphic(icon) {
  if (isIconUrl(icon)) {
    return createNode('img', { class: 'gt-icon', src: icon, alt: '' });
  }
  const name = icon.includes(':') ? icon.slice(icon.indexOf(':') + 1) : icon;
  const path = crowdIconPath(name);
  if (!path) {
    console.warn(`gt-templates: icon "${icon}" is not in the built-in icon set; showing its first letter.`);
    return createNode('span', { class: 'gt-icon gt-icon-letter', 'aria-hidden': 'true' }, name.charAt(0).toUpperCase());
  }
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'gt-icon');
  svg.setAttribute('aria-hidden', 'true');
  const shape = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

// A readable name for an icon, used when nothing else names a control.
export function crowdIconName(icon) {
  const name = isIconUrl(icon) ? icon.split('/').pop().replace(/\.[a-z]+(\?.*)?$/i, '') : icon;
  return name.replace(/^[a-z0-9-]+:/, '').replace(/[-_]+/g, ' ');
}

export const ICON_CSS = `
  .gt-icon { width: 24px; height: 24px; fill: currentColor; vertical-align: middle; }
  img.gt-icon { object-fit: contain; }
  .gt-icon-letter { display: inline-flex; align-items: center; justify-content: center; font-weight: bold; }
`;

const ICON_BUTTON_CSS = `
  :host { display: inline-block; }
  button.round {
    width: 40px;
    height: 40px;
    padding: 8px;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: #545b64;
    display: inline-flex;
    align-items: center;
    justify-content: center;
  }
  button.round:hover:not(:disabled) { background: #eaeded; }
  button.round:active:not(:disabled) { background: #d5dbdb; }
  :host([disabled]) { pointer-events: none; }
`;

// Base for crowd-icon-button, crowd-button and crowd-fab: a shadow root
// rebuilt on attribute changes, holding one inner control that takes the
// host's focus, and a `disabled` property.
export class ButtonElement extends RenderedElement {
  _renderFirst() {
    this.attachShadow({ mode: 'open', delegatesFocus: true });
    this._render();
  }

  get disabled() {
    return booleanAttribute(this, 'disabled');
  }

  set disabled(on) {
    this.toggleAttribute('disabled', Boolean(on));
  }
}

class CrowdIconButton extends ButtonElement {
  static get observedAttributes() {
    return ['icon', 'disabled', 'title', 'aria-label'];
  }

  _render() {
    const root = createShadow(this, ICON_CSS + ICON_BUTTON_CSS);
    const icon = stringAttribute(this, 'icon');
    const name = this.getAttribute('aria-label') || this.getAttribute('title') || crowdIconName(icon) || 'Button';
    const button = createNode('button', { type: 'button', class: 'round', part: 'button', 'aria-label': name });
    button.disabled = this.disabled;
    if (icon) {
      button.append(crowdIconGraphic(icon));
    }
    root.append(button);
  }
}

defineElement('crowd-icon-button', CrowdIconButton);
