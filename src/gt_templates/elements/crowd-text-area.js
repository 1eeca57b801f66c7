// <crowd-text-area>: multi-line text field. Answer: the text (newlines kept).
// An empty text area is omitted, like crowd-input (our choice: AWS documents
// the omission only for crowd-input); `required` works as on crowd-input.
import { booleanAttribute, createNode, defineElement, stringAttribute } from './_support.js';
import { TEXT_FIELD_ATTRIBUTES, TextFieldElement } from './crowd-input.js';

// Reads a positive whole-number attribute, or the fallback.
function textAreaIntAttribute(el, name, fallback) {
  const value = Number.parseInt(stringAttribute(el, name), 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

class CrowdTextArea extends TextFieldElement {
  static get observedAttributes() {
    return [...TEXT_FIELD_ATTRIBUTES, 'rows', 'max-rows', 'char-counter'];
  }

  _createControl() {
    return createNode('textarea');
  }

  _sync() {
    super._sync();
    this._parts.control.rows = textAreaIntAttribute(this, 'rows', 1);
    this._update();
  }

  // Grows the box with its text up to max-rows (then it scrolls) and
  // refreshes the character counter.
  _update() {
    const { control, counter } = this._parts;
    const rows = textAreaIntAttribute(this, 'rows', 1);
    const maxRows = textAreaIntAttribute(this, 'max-rows', Infinity);
    const lines = control.value.split('\n').length;
    control.rows = Math.max(rows, Math.min(lines, maxRows));
    const max = stringAttribute(this, 'max-length');
    counter.textContent = max ? `${control.value.length}/${max}` : String(control.value.length);
    counter.hidden = !booleanAttribute(this, 'char-counter');
  }
}

defineElement('crowd-text-area', CrowdTextArea);
