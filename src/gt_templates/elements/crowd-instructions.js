// <crowd-instructions>: a link or button (link-text, link-type) opening a
// dialog with Summary, Detailed Instructions and Examples tabs, filled from
// the short-summary, detailed-instructions, positive-example and
// negative-example regions (kept in the light DOM, shown through slots).
import { createNode, createShadow, defineElement, elementReady } from './_support.js';
import { assignRegionSlots } from './crowd-classifier.js';
import { OPENER_CSS, buildDialogOpener } from './crowd-modal.js';
import { buildTabStrip } from './crowd-tabs.js';

const INSTRUCTIONS_CSS = `
  [role="tablist"] { display: flex; gap: 2px; border-bottom: 1px solid #aab7b8; margin-bottom: 8px; }
  [role="tab"] { border: none; border-bottom: 3px solid transparent; background: transparent; padding: 6px 14px; }
  [role="tab"][aria-selected="true"] { border-bottom-color: #ec7211; font-weight: bold; }
  .examples h3 { font-size: 15px; margin: 8px 0 4px; }
  .examples .good h3 { color: #1d8102; }
  .examples .bad h3 { color: #d13212; }
`;

const INSTRUCTIONS_TABS = ['Summary', 'Detailed Instructions', 'Examples'];

class CrowdInstructions extends HTMLElement {
  static get observedAttributes() {
    return ['link-text', 'link-type'];
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      this.attachShadow({ mode: 'open', slotAssignment: 'manual' });
      this._render();
      new MutationObserver(() => this._assign()).observe(this, { childList: true });
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
    const root = createShadow(this, OPENER_CSS + INSTRUCTIONS_CSS);
    const opener = buildDialogOpener(this, 'Click for instructions');
    const dialog = createNode('dialog', { 'aria-label': 'Instructions', part: 'dialog' });
    const body = createNode('div', { class: 'gt-dialog-body' });
    const panels = INSTRUCTIONS_TABS.map((name) => createNode('div', { role: 'tabpanel', 'aria-label': name }));
    this._slots = {
      'short-summary': createNode('slot', { name: 'summary' }),
      'detailed-instructions': createNode('slot', { name: 'detailed' }),
      'positive-example': createNode('slot', { name: 'positive' }),
      'negative-example': createNode('slot', { name: 'negative' }),
    };
    panels[0].append(this._slots['short-summary']);
    panels[1].append(this._slots['detailed-instructions']);
    panels[2].className = 'examples';
    panels[2].append(this._exampleGroup('good', 'Good examples', this._slots['positive-example']));
    panels[2].append(this._exampleGroup('bad', 'Bad examples', this._slots['negative-example']));

    const strip = buildTabStrip(INSTRUCTIONS_TABS, (index) => {
      strip.mark(index);
      panels.forEach((panel, i) => { panel.hidden = i !== index; });
    });
    strip.tabs[0].click();
    const footer = createNode('footer');
    const close = createNode('button', { type: 'button' }, 'Close');
    footer.append(close);
    body.append(strip.tablist, ...panels);
    dialog.append(createNode('header', {}, 'Instructions'), body, footer);
    opener.addEventListener('click', () => this.open());
    close.addEventListener('click', () => this.close());
    root.append(opener, dialog);
    this._assign();
  }

  _exampleGroup(kind, title, slot) {
    const group = createNode('div', { class: kind });
    group.append(createNode('h3', {}, title), slot);
    return group;
  }

  _assign() {
    assignRegionSlots(this, (node) => this._slots[node.localName] || null);
  }
}

defineElement('crowd-instructions', CrowdInstructions);
