// <crowd-input>: single-line text field. Answer: the text, omitted when empty
// (as AWS documents). Also exports the text-field helpers and base class
// crowd-text-area uses.
import { booleanAttribute, createNode, createShadow, defineElement, elementReady, showElementError, stringAttribute } from './_support.js';

export const TEXT_FIELD_ATTRIBUTES = [
  'label', 'placeholder', 'disabled', 'max-length', 'min-length', 'value', 'required',
  'error-message', 'allowed-pattern', 'auto-validate', 'name',
];

export const TEXT_FIELD_CSS = `
  :host { margin: 8px 0; max-width: 100%; }
  .field { position: relative; display: flex; flex-direction: column; }
  .float-label { font-size: 12px; color: #545b64; min-height: 1.2em; }
  input, textarea {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid #aab7b8;
    border-radius: 2px;
    width: 100%;
  }
  textarea { resize: vertical; }
  :host([invalid]) input, :host([invalid]) textarea { border-color: #d13212; }
  input:disabled, textarea:disabled { background: #f2f3f3; color: #687078; }
  .meta { display: flex; justify-content: space-between; font-size: 12px; }
  .gt-message:empty { display: none; }
  .counter { color: #545b64; margin-left: auto; }
`;

// Warns (console and page) when a crowd field swallowed the content after it,
// which happens when the tag is self-closed: HTML ignores `/>` on custom tags.
export function warnSwallowedContent(host) {
  if (host.children.length === 0) {
    return;
  }
  const tag = host.localName;
  const message = `<${tag} name="${stringAttribute(host, 'name')}"> contains other elements, `
    + `which it hides (as on AWS): close it with </${tag}> instead of "/>".`;
  console.warn(`gt-templates: ${message}`);
  showElementError(host, message);
}

// Builds label, control and message row in the host's shadow root.
export function buildTextField(host, control, css) {
  const root = createShadow(host, TEXT_FIELD_CSS + css);
  control.id = 'control';
  control.setAttribute('part', 'control');
  const label = createNode('label', { class: 'float-label', for: 'control' });
  const message = createNode('span', { class: 'gt-message', role: 'alert' });
  const counter = createNode('span', { class: 'counter', 'aria-hidden': 'true' });
  const meta = createNode('div', { class: 'meta' });
  meta.append(message, counter);
  const field = createNode('div', { class: 'field' });
  field.append(label, control, meta);
  root.append(field);
  return { control, label, message, counter };
}

// Copies the shared attributes onto the native control.
export function syncTextField(host, parts) {
  const { control, label } = parts;
  const text = stringAttribute(host, 'label');
  label.textContent = text;
  label.hidden = text === '';
  control.placeholder = stringAttribute(host, 'placeholder');
  control.disabled = booleanAttribute(host, 'disabled');
  control.setAttribute('aria-required', String(booleanAttribute(host, 'required')));
  const maxLength = Number.parseInt(stringAttribute(host, 'max-length'), 10);
  if (Number.isFinite(maxLength) && maxLength >= 0) {
    control.maxLength = maxLength;
  } else {
    control.removeAttribute('maxlength');
  }
  if (text === '' && control.placeholder === '') {
    control.setAttribute('aria-label', stringAttribute(host, 'name', host.localName));
  } else {
    control.removeAttribute('aria-label');
  }
}

// Returns the allowed-pattern regular expression, or null when there is none
// or auto-validate is off (AWS documents it as working with auto-validate).
export function allowedPattern(host) {
  const source = stringAttribute(host, 'allowed-pattern');
  if (source === '' || !booleanAttribute(host, 'auto-validate')) {
    return null;
  }
  try {
    return new RegExp(source);
  } catch (error) {
    console.warn(`gt-templates: <${host.localName}> allowed-pattern is not a regular expression: ${error.message}`);
    return null;
  }
}

// Drops typed or pasted characters that allowed-pattern rejects.
export function filterTypedText(host, control, event) {
  const pattern = allowedPattern(host);
  if (!pattern || typeof event.data !== 'string' || !event.inputType.startsWith('insert')) {
    return;
  }
  const kept = Array.from(event.data).filter((ch) => pattern.test(ch)).join('');
  if (kept === event.data) {
    return;
  }
  event.preventDefault();
  if (kept !== '') {
    control.setRangeText(kept, control.selectionStart, control.selectionEnd, 'end');
    control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: kept }));
  }
}

// Returns why the current text is not acceptable, or ''.
export function textFieldProblem(host, control) {
  if (booleanAttribute(host, 'disabled')) {
    return '';
  }
  const custom = stringAttribute(host, 'error-message');
  const value = control.value;
  const minLength = Number.parseInt(stringAttribute(host, 'min-length'), 10);
  const pattern = allowedPattern(host);
  if (value === '') {
    return booleanAttribute(host, 'required') ? custom || 'This field is required.' : '';
  }
  if (Number.isFinite(minLength) && value.length < minLength) {
    return custom || `Enter at least ${minLength} characters.`;
  }
  if (pattern && !Array.from(value).every((ch) => pattern.test(ch))) {
    return custom || 'This value contains characters that are not allowed.';
  }
  return control.checkValidity() ? '' : custom || control.validationMessage;
}

// Shows or clears a validation message and the host's `invalid` state.
export function showTextFieldProblem(host, parts, message) {
  parts.message.textContent = message;
  host.toggleAttribute('invalid', message !== '');
  parts.control.setAttribute('aria-invalid', String(message !== ''));
}

// Wires the typing behaviour shared by crowd-input and crowd-text-area.
export function wireTextField(host, parts, onInput) {
  const { control } = parts;
  control.addEventListener('beforeinput', (event) => filterTypedText(host, control, event));
  control.addEventListener('input', () => {
    onInput();
    if (booleanAttribute(host, 'auto-validate') || host.hasAttribute('invalid')) {
      showTextFieldProblem(host, parts, textFieldProblem(host, control));
    }
  });
  // `change` does not leave a shadow root; re-dispatch it from the host.
  control.addEventListener('change', () => host.dispatchEvent(new Event('change', { bubbles: true })));
}

// Base for crowd-input and crowd-text-area: a native control in the shadow
// root, taking the host's focus, whose text starts (and resets) from the
// `value` attribute. Subclasses give the control (`_createControl()`), copy
// their own attributes in `_sync()` and may refresh derived state (size,
// counter) in `_update()` whenever the text changes.
export class TextFieldElement extends HTMLElement {
  constructor() {
    super();
    this._parts = null;
  }

  connectedCallback() {
    if (!this._parts) {
      warnSwallowedContent(this);
      this.attachShadow({ mode: 'open', delegatesFocus: true });
      this._parts = buildTextField(this, this._createControl(), '');
      // Attributes first, so the text goes into a control of its final type.
      this._sync();
      this._parts.control.value = stringAttribute(this, 'value');
      this._update();
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
  }

  _update() {}
}

class CrowdInput extends TextFieldElement {
  static get observedAttributes() {
    return [...TEXT_FIELD_ATTRIBUTES, 'type'];
  }

  _createControl() {
    return createNode('input');
  }

  _sync() {
    super._sync();
    this._parts.control.type = stringAttribute(this, 'type', 'text');
  }
}

defineElement('crowd-input', CrowdInput);
