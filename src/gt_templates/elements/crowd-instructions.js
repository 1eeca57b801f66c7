// <crowd-instructions>: a link or button (link-text, link-type) opening a
// dialog with Summary, Detailed Instructions and Examples tabs, filled from
// the short-summary, detailed-instructions, positive-example and
// negative-example regions (kept in the light DOM, shown through slots).
import { createNode, defineElement } from './_support.js';
import { assignRegionSlots } from './crowd-classifier.js';
import { DialogOpenerElement } from './crowd-modal.js';
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

class CrowdInstructions extends DialogOpenerElement {
  // Regions are assigned to slots by hand, as they are added or removed.
  _renderFirst() {
    this.attachShadow({ mode: 'open', slotAssignment: 'manual' });
    this._render();
    new MutationObserver(() => this._assign()).observe(this, { childList: true });
  }

  _render() {
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

    // Selected while still detached, so this click does not reach the page.
    const strip = buildTabStrip(INSTRUCTIONS_TABS, (index) => {
      strip.mark(index);
      panels.forEach((panel, i) => { panel.hidden = i !== index; });
    });
    strip.tabs[0].click();
    const body = this._renderDialog(INSTRUCTIONS_CSS, 'Click for instructions', 'Instructions');
    body.append(strip.tablist, ...panels);
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
