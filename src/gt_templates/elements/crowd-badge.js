// <crowd-badge>: a small icon or label pinned to the top-right corner of the
// element whose id is in `for` (inline where it stands when there is none).
import { createNode, createShadow, defineElement, elementReady, stringAttribute } from './_support.js';
import { ICON_CSS, crowdIconGraphic, crowdIconName } from './crowd-icon-button.js';

const BADGE_CSS = `
  :host { display: inline-block; z-index: 1; }
  .badge {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 22px;
    height: 22px;
    padding: 0 4px;
    border-radius: 11px;
    background: #0073bb;
    color: #fff;
    font-size: 12px;
    font-weight: bold;
  }
  .gt-icon { width: 14px; height: 14px; }
`;

class CrowdBadge extends HTMLElement {
  static get observedAttributes() {
    return ['for', 'icon', 'label'];
  }

  constructor() {
    super();
    this._place = () => this._position();
    this._resizeObserver = new ResizeObserver(this._place);
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      this._render();
    }
    window.addEventListener('resize', this._place);
    this._watchTarget();
    elementReady(this);
  }

  disconnectedCallback() {
    window.removeEventListener('resize', this._place);
    this._resizeObserver.disconnect();
  }

  attributeChangedCallback(name) {
    if (!this.shadowRoot) {
      return;
    }
    this._render();
    if (name === 'for') {
      this._watchTarget();
    }
  }

  _target() {
    const id = stringAttribute(this, 'for');
    return id ? document.getElementById(id) : null;
  }

  _render() {
    const root = createShadow(this, ICON_CSS + BADGE_CSS);
    const icon = stringAttribute(this, 'icon');
    const label = stringAttribute(this, 'label');
    const badge = createNode('span', {
      class: 'badge',
      part: 'badge',
      role: 'img',
      'aria-label': this.getAttribute('aria-label') || label || crowdIconName(icon) || 'Badge',
    });
    // The icon overrides the label, as on AWS.
    if (icon) {
      badge.append(crowdIconGraphic(icon));
    } else {
      badge.append(createNode('span', { 'aria-hidden': 'true' }, label));
    }
    root.append(badge);
  }

  _watchTarget() {
    this._resizeObserver.disconnect();
    const target = this._target();
    if (target) {
      this._resizeObserver.observe(target);
      this._resizeObserver.observe(document.body);
    }
    this._position();
  }

  // Centres the badge on the target's top-right corner, in the coordinates
  // of the badge's own positioning parent.
  _position() {
    const target = this._target();
    if (!target || !this.isConnected) {
      this.style.position = '';
      return;
    }
    this.style.position = 'absolute';
    const box = target.getBoundingClientRect();
    const origin = this._origin();
    const left = box.right - origin.left - this.offsetWidth / 2;
    const top = box.top - origin.top - this.offsetHeight / 2;
    this.style.left = `${left}px`;
    this.style.top = `${top}px`;
  }

  // Viewport position of the box the badge's `left`/`top` are measured from.
  _origin() {
    const parent = this.offsetParent;
    if (!parent || (parent === document.body && getComputedStyle(parent).position === 'static')) {
      return { left: -window.scrollX, top: -window.scrollY };
    }
    const box = parent.getBoundingClientRect();
    return {
      left: box.left + parent.clientLeft - parent.scrollLeft,
      top: box.top + parent.clientTop - parent.scrollTop,
    };
  }
}

defineElement('crowd-badge', CrowdBadge);
