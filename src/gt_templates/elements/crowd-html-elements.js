// Entry module: loads every crowd-* stand-in, then makes unknown crowd-* tags
// visible instead of leaving them silently blank.
//
// One import line per element file; keep them single-line (standalone mode
// strips them when it inlines the files).
import { createNode, createShadow, defineElement, elementReady, startReadyTracking } from './_support.js';
import './crowd-form.js';
import './crowd-bounding-box.js';
import './crowd-semantic-segmentation.js';
import './crowd-keypoint.js';
import './crowd-polygon.js';
import './crowd-line.js';
import './crowd-polyline.js';
import './crowd-instance-segmentation.js';
import './crowd-entity-annotation.js';
import './crowd-image-classifier.js';
import './crowd-image-classifier-multi-select.js';
import './crowd-classifier.js';
import './crowd-classifier-multi-select.js';
import './crowd-input.js';
import './crowd-text-area.js';
import './crowd-checkbox.js';
import './crowd-radio-group.js';
import './crowd-radio-button.js';
import './crowd-toggle-button.js';
import './crowd-slider.js';
import './crowd-icon-button.js';
import './crowd-button.js';
import './crowd-alert.js';
import './crowd-modal.js';
import './crowd-tabs.js';
import './crowd-tab.js';
import './crowd-instructions.js';
import './crowd-card.js';
import './crowd-toast.js';
import './crowd-badge.js';
import './crowd-fab.js';

function unknownCrowdTags(root) {
  const tags = new Set();
  for (const node of root.querySelectorAll('*')) {
    if (node.localName.startsWith('crowd-') && !customElements.get(node.localName)) {
      tags.add(node.localName);
    }
  }
  return tags;
}

// Each unknown tag needs its own class: a constructor can be defined once.
function defineUnknownCrowdElement(tag) {
  defineElement(tag, class extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) {
        return;
      }
      const message = `<${tag}> is not supported by the gt-templates stand-ins; `
        + 'its content is shown as is and it submits nothing.';
      console.warn(`gt-templates: ${message}`);
      const root = createShadow(this, `
        .gt-unknown { border: 1px dashed #b00020; padding: 4px 8px; margin: 4px 0; }
        .gt-unknown-notice { color: #b00020; font-size: 12px; }
      `);
      const box = createNode('div', { class: 'gt-unknown' });
      box.append(createNode('div', { class: 'gt-unknown-notice', role: 'note' }, message));
      box.append(document.createElement('slot'));
      root.append(box);
      elementReady(this);
    }
  });
}

function defineUnknownCrowdElements() {
  for (const tag of unknownCrowdTags(document)) {
    defineUnknownCrowdElement(tag);
  }
  startReadyTracking();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', defineUnknownCrowdElements, { once: true });
} else {
  defineUnknownCrowdElements();
}
