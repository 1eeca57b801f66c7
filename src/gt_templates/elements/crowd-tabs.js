// <crowd-tabs>: shows one <crowd-tab> at a time under a strip of tab buttons
// (each tab's `header`). Hidden tabs stay in the light DOM, so controls in
// them are still submitted. Also exports the tab strip crowd-instructions uses.
import { createNode, createShadow, defineElement, elementReady } from './_support.js';

const TABS_CSS = `
  [role="tablist"] { display: flex; gap: 2px; border-bottom: 1px solid #aab7b8; margin-bottom: 8px; }
  [role="tab"] {
    border: none;
    border-bottom: 3px solid transparent;
    background: transparent;
    padding: 6px 14px;
    color: #545b64;
  }
  [role="tab"][aria-selected="true"] { border-bottom-color: #ec7211; color: #16191f; font-weight: bold; }
`;

export const TAB_STRIP_KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

// Builds a tablist of buttons named `names`; clicks and arrow/Home/End keys
// call select(index). Returns the tablist and a function marking a tab chosen.
export function buildTabStrip(names, select) {
  const tablist = createNode('div', { role: 'tablist', part: 'tablist' });
  const tabs = names.map((name, index) => {
    const tab = createNode('button', { type: 'button', role: 'tab' }, name);
    tab.addEventListener('click', () => select(index));
    return tab;
  });
  tablist.append(...tabs);
  tablist.addEventListener('keydown', (event) => {
    const current = tabs.indexOf(event.composedPath()[0]);
    const step = TAB_STRIP_KEYS[event.key];
    let next = -1;
    if (step) {
      next = (current + step + tabs.length) % tabs.length;
    } else if (event.key === 'Home' || event.key === 'End') {
      next = event.key === 'Home' ? 0 : tabs.length - 1;
    }
    if (current >= 0 && next >= 0) {
      event.preventDefault();
      select(next);
      tabs[next].focus();
    }
  });
  const mark = (chosen) => tabs.forEach((tab, index) => {
    tab.setAttribute('aria-selected', String(index === chosen));
    tab.tabIndex = index === chosen ? 0 : -1;
  });
  return { tablist, tabs, mark };
}

class CrowdTabs extends HTMLElement {
  constructor() {
    super();
    this._selected = 0;
    // Re-render when tabs come or go or a header changes, not on every
    // change inside a tab's content.
    this._observer = new MutationObserver((records) => {
      if (records.some((r) => r.type === 'attributes' || r.target === this)) {
        this._render();
      }
    });
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      createShadow(this, TABS_CSS);
    }
    this._render();
    this._observer.observe(this, { childList: true, subtree: true, attributeFilter: ['header'] });
    elementReady(this);
  }

  disconnectedCallback() {
    this._observer.disconnect();
  }

  get selected() {
    return this._selected;
  }

  set selected(index) {
    this._select(Number(index));
  }

  _tabs() {
    return Array.from(this.children).filter((child) => child.localName === 'crowd-tab');
  }

  _render() {
    const root = this.shadowRoot;
    const tabs = this._tabs();
    this._strip = buildTabStrip(tabs.map((tab) => tab.getAttribute('header') || 'Tab'), (i) => this._select(i));
    root.querySelector('[role="tablist"]')?.remove();
    root.querySelector('slot')?.remove();
    root.append(this._strip.tablist, document.createElement('slot'));
    this._select(Math.min(this._selected, Math.max(tabs.length - 1, 0)));
  }

  _select(index) {
    this._selected = index;
    this._tabs().forEach((tab, i) => {
      tab.hidden = i !== index;
      tab.setAttribute('aria-label', tab.getAttribute('header') || 'Tab');
    });
    this._strip.mark(index);
  }
}

defineElement('crowd-tabs', CrowdTabs);
