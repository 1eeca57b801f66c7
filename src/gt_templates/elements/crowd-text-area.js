// <crowd-text-area>: multi-line text field. Answer: the text (newlines kept).
// An empty text area is omitted, like crowd-input (our choice: AWS documents
// the omission only for crowd-input); `required` works as on crowd-input.
import { booleanAttribute, createNode, defineElement, elementReady, stringAttribute } from './_support.js';
import { TEXT_FIELD_ATTRIBUTES, buildTextField, showTextFieldProblem, syncTextField, textFieldProblem, warnSwallowedContent, wireTextField } from './crowd-input.js';

// Reads a positive whole-number attribute, or the fallback.
function textAreaIntAttribute(el, name, fallback) {
  const value = Number.parseInt(stringAttribute(el, name), 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

class CrowdTextArea extends HTMLElement {
  static get observedAttributes() {
    return [...TEXT_FIELD_ATTRIBUTES, 'rows', 'max-rows', 'char-counter'];
  }

  constructor() {
    super();
    this._parts = null;
  }

  connectedCallback() {
    if (!this._parts) {
      warnSwallowedContent(this);
      this.attachShadow({ mode: 'open', delegatesFocus: true });
      this._parts = buildTextField(this, createNode('textarea'), '');
      this._parts.control.value = stringAttribute(this, 'value');
      this._sync();
      wireTextField(this, this._parts, () => this._update());
    }
    if (this.hasAttribute('auto-focus')) {
      this._parts.control.focus();
    }
    elementReady(this);
  }

  attributeChangedCallback(name) {
    if (!this._parts) {
      return;
    }
    if (name === 'value') {
      this._parts.control.value = stringAttribute(this, 'value');
    }
    this._sync();
  }

  get value() {
    return this._parts ? this._parts.control.value : stringAttribute(this, 'value');
  }

  set value(text) {
    if (this._parts) {
      this._parts.control.value = String(text);
      this._update();
    } else {
      this.setAttribute('value', String(text));
    }
  }

  get disabled() {
    return booleanAttribute(this, 'disabled');
  }

  set disabled(on) {
    this.toggleAttribute('disabled', Boolean(on));
  }

  gtAnswer() {
    return this.value === '' ? undefined : this.value;
  }

  gtValidate() {
    const message = textFieldProblem(this, this._parts.control);
    showTextFieldProblem(this, this._parts, message);
    return message;
  }

  gtReset() {
    this._parts.control.value = stringAttribute(this, 'value');
    showTextFieldProblem(this, this._parts, '');
    this._update();
  }

  _sync() {
    syncTextField(this, this._parts);
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
