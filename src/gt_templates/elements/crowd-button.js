// <crowd-button>: a styled button. form-action="submit" | "reset" acts on the
// enclosing crowd-form (crowd-form handles the click); href/target make it a
// link. `loading` shows a spinner and, like `disabled`, blocks clicks.
import { booleanAttribute, createNode, createShadow, defineElement, stringAttribute } from './_support.js';
import { ButtonElement, ICON_CSS, crowdIconGraphic, crowdIconName } from './crowd-icon-button.js';

const BUTTON_CSS = `
  :host { display: inline-block; margin: 2px 0; }
  :host([disabled]), :host([loading]) { pointer-events: none; }
  .control {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font: inherit;
    padding: 4px 16px;
    border: 1px solid #545b64;
    border-radius: 2px;
    background: #fff;
    color: #545b64;
    font-weight: bold;
    text-decoration: none;
    cursor: pointer;
  }
  .control.primary { background: #ec7211; border-color: #ec7211; color: #fff; }
  .control.link { border-color: transparent; background: transparent; color: #0073bb; font-weight: normal; }
  .control.icon { border-color: transparent; background: transparent; padding: 4px; }
  .control.right { flex-direction: row-reverse; }
  .control[aria-disabled="true"], .control:disabled { opacity: 0.5; cursor: default; }
  .spinner {
    width: 12px;
    height: 12px;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: gt-spin 0.8s linear infinite;
  }
  .gt-icon { width: 18px; height: 18px; }
  @keyframes gt-spin { to { transform: rotate(360deg); } }
`;

class CrowdButton extends ButtonElement {
  static get observedAttributes() {
    return ['disabled', 'loading', 'variant', 'icon', 'icon-url', 'icon-align', 'href', 'target', 'aria-label'];
  }

  get loading() {
    return booleanAttribute(this, 'loading');
  }

  set loading(on) {
    this.toggleAttribute('loading', Boolean(on));
  }

  _render() {
    const root = createShadow(this, ICON_CSS + BUTTON_CSS);
    const inactive = this.disabled || this.loading;
    const href = stringAttribute(this, 'href');
    const control = href ? this._link(href, inactive) : createNode('button', { type: 'button' });
    control.disabled = inactive;
    const variant = stringAttribute(this, 'variant', 'normal');
    const align = stringAttribute(this, 'icon-align') === 'right' ? 'right' : '';
    control.className = `control ${variant} ${align}`.trim();
    control.setAttribute('part', 'button');
    control.toggleAttribute('aria-busy', this.loading);
    const icon = stringAttribute(this, 'icon-url') || stringAttribute(this, 'icon');
    if (this.loading) {
      control.append(createNode('span', { class: 'spinner', 'aria-hidden': 'true' }));
    } else if (icon) {
      control.append(crowdIconGraphic(icon));
    }
    control.append(document.createElement('slot'));
    const text = this.textContent.trim();
    const name = this.getAttribute('aria-label') || (text ? '' : crowdIconName(icon) || 'Button');
    if (name) {
      control.setAttribute('aria-label', name);
    }
    root.append(control);
  }

  _link(href, inactive) {
    const link = createNode('a', { href, target: stringAttribute(this, 'target') || null });
    if (inactive) {
      link.removeAttribute('href');
      link.setAttribute('role', 'link');
      link.setAttribute('aria-disabled', 'true');
    }
    return link;
  }
}

defineElement('crowd-button', CrowdButton);
