// <crowd-alert>: an inline message; `type` is info (default), success, error
// or warning; `dismissible` adds a close button.
import { RenderedElement, booleanAttribute, createNode, createShadow, defineElement, stringAttribute } from './_support.js';
import { ICON_CSS, crowdIconGraphic } from './crowd-icon-button.js';

const ALERT_CSS = `
  :host { margin: 8px 0; }
  .alert {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    padding: 8px 12px;
    border: 1px solid #0073bb;
    border-left-width: 4px;
    border-radius: 2px;
    background: #f1faff;
  }
  .alert.success { border-color: #1d8102; background: #f2f8f0; }
  .alert.error { border-color: #d13212; background: #fdf3f1; }
  .alert.warning { border-color: #ff9900; background: #fffbf2; }
  .content { flex: 1 1 auto; }
  .dismiss { border: none; background: transparent; padding: 0; color: #545b64; }
  .gt-icon { width: 20px; height: 20px; flex: 0 0 auto; }
`;

const ALERT_TYPES = {
  info: { icon: 'info', role: 'status' },
  success: { icon: 'check', role: 'status' },
  warning: { icon: 'warning', role: 'alert' },
  error: { icon: 'error', role: 'alert' },
};

class CrowdAlert extends RenderedElement {
  static get observedAttributes() {
    return ['type', 'dismissible'];
  }

  // Hides the alert, as the dismiss button does.
  dismiss() {
    this.hidden = true;
    this.dispatchEvent(new Event('dismiss', { bubbles: true }));
  }

  _render() {
    const root = createShadow(this, ICON_CSS + ALERT_CSS);
    const type = stringAttribute(this, 'type', 'info') in ALERT_TYPES ? stringAttribute(this, 'type', 'info') : 'info';
    const alert = createNode('div', { class: `alert ${type}`, role: ALERT_TYPES[type].role, part: 'alert' });
    const content = createNode('div', { class: 'content' });
    content.append(document.createElement('slot'));
    alert.append(crowdIconGraphic(ALERT_TYPES[type].icon), content);
    if (booleanAttribute(this, 'dismissible')) {
      const close = createNode('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss' });
      close.append(crowdIconGraphic('close'));
      close.addEventListener('click', () => this.dismiss());
      alert.append(close);
    }
    root.append(alert);
  }
}

defineElement('crowd-alert', CrowdAlert);
