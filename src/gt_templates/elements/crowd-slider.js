// <crowd-slider>: a range slider. Answer: the number under `name` (AWS does
// not document the shape; a number is our choice). `required` is met once the
// worker has moved it, or when a `value` preset was given.
import { booleanAttribute, createNode, createShadow, defineElement, elementReady, stringAttribute } from './_support.js';
import { warnSwallowedContent } from './crowd-input.js';

const SLIDER_CSS = `
  :host { margin: 8px 0; max-width: 480px; }
  .row { display: flex; align-items: center; gap: 12px; }
  .track { position: relative; flex: 1 1 auto; padding-top: 22px; }
  input[type="range"] {
    -webkit-appearance: none;
    appearance: none;
    width: 100%;
    margin: 6px 0;
    background: transparent;
  }
  input[type="range"]::-webkit-slider-runnable-track {
    height: 4px;
    border-radius: 2px;
    background: var(--gt-slider-track, #d5dbdb);
  }
  input[type="range"]::-webkit-slider-thumb {
    -webkit-appearance: none;
    width: 16px;
    height: 16px;
    margin-top: -6px;
    border-radius: 50%;
    background: #0073bb;
  }
  input[type="range"]:disabled::-webkit-slider-thumb { background: #aab7b8; }
  .pin {
    position: absolute;
    top: 0;
    transform: translateX(-50%);
    padding: 0 6px;
    border-radius: 2px;
    background: #0073bb;
    color: #fff;
    font-size: 12px;
  }
  .pin[hidden] { display: none; }
  .gt-message:empty { display: none; }
  .stepper { width: 5em; font: inherit; padding: 2px 4px; }
  .range-input[aria-invalid="true"]::-webkit-slider-runnable-track { background: #d13212; }
`;

// Reads a numeric attribute, or the fallback.
function sliderNumber(el, name, fallback) {
  const value = Number.parseFloat(stringAttribute(el, name));
  return Number.isFinite(value) ? value : fallback;
}

class CrowdSlider extends HTMLElement {
  static get observedAttributes() {
    return ['min', 'max', 'step', 'value', 'disabled', 'pin', 'editable', 'secondary-progress', 'name'];
  }

  constructor() {
    super();
    this._parts = null;
    this._touched = false;
  }

  connectedCallback() {
    if (!this._parts) {
      warnSwallowedContent(this);
      this.attachShadow({ mode: 'open', delegatesFocus: true });
      this._build();
      this._sync();
      this._parts.range.value = String(this._defaultValue());
      this._update();
    }
    elementReady(this);
  }

  attributeChangedCallback(name) {
    if (!this._parts) {
      return;
    }
    this._sync();
    if (name === 'value') {
      this._parts.range.value = String(this._defaultValue());
    }
    this._update();
  }

  get value() {
    return this._parts ? Number(this._parts.range.value) : this._defaultValue();
  }

  set value(number) {
    if (!this._parts) {
      this.setAttribute('value', String(number));
      return;
    }
    this._parts.range.value = String(number);
    this._touched = true;
    this._update();
  }

  get disabled() {
    return booleanAttribute(this, 'disabled');
  }

  set disabled(on) {
    this.toggleAttribute('disabled', Boolean(on));
  }

  gtAnswer() {
    return this.value;
  }

  gtValidate() {
    const unset = !this._touched && !this.hasAttribute('value');
    const message = booleanAttribute(this, 'required') && !this.disabled && unset
      ? `Move the slider "${this._accessibleName()}" to choose a value.`
      : '';
    this._showProblem(message);
    return message;
  }

  gtReset() {
    this._touched = false;
    this._parts.range.value = String(this._defaultValue());
    this._showProblem('');
    this._update();
  }

  _defaultValue() {
    return sliderNumber(this, 'value', sliderNumber(this, 'min', 0));
  }

  _build() {
    const root = createShadow(this, SLIDER_CSS);
    const range = createNode('input', { type: 'range', class: 'range-input', part: 'control' });
    const stepper = createNode('input', { type: 'number', class: 'stepper' });
    const pin = createNode('output', { class: 'pin', 'aria-hidden': 'true' });
    const message = createNode('div', { class: 'gt-message', role: 'alert' });
    const track = createNode('div', { class: 'track' });
    track.append(pin, range);
    const row = createNode('div', { class: 'row' });
    row.append(track, stepper);
    root.append(row, message);
    this._parts = { range, stepper, pin, message };

    range.addEventListener('input', () => this._workerMoved());
    stepper.addEventListener('input', () => {
      if (stepper.value !== '') {
        range.value = stepper.value;
        this._workerMoved();
      }
    });
    // `change` does not leave a shadow root; re-dispatch it from the host.
    for (const control of [range, stepper]) {
      control.addEventListener('change', () => this.dispatchEvent(new Event('change', { bubbles: true })));
    }
  }

  _workerMoved() {
    this._touched = true;
    this._showProblem('');
    this._update();
  }

  _sync() {
    const { range, stepper } = this._parts;
    for (const control of [range, stepper]) {
      control.min = String(sliderNumber(this, 'min', 0));
      control.max = String(sliderNumber(this, 'max', 100));
      control.step = stringAttribute(this, 'step', '1');
      control.disabled = this.disabled;
      control.setAttribute('aria-label', this._accessibleName());
    }
    stepper.hidden = !booleanAttribute(this, 'editable');
  }

  _accessibleName() {
    return this.getAttribute('aria-label') || this.getAttribute('title') || stringAttribute(this, 'name', 'Slider');
  }

  // Moves the pin over the knob and paints the value and secondary progress.
  _update() {
    const { range, stepper, pin } = this._parts;
    const min = Number(range.min);
    const span = Number(range.max) - min || 1;
    const percent = ((Number(range.value) - min) / span) * 100;
    const secondary = ((sliderNumber(this, 'secondary-progress', min) - min) / span) * 100;
    stepper.value = range.value;
    pin.textContent = range.value;
    pin.hidden = !booleanAttribute(this, 'pin');
    pin.style.left = `calc(${percent}% + ${8 - (percent * 16) / 100}px)`;
    range.setAttribute('aria-valuetext', range.value);
    range.style.setProperty('--gt-slider-track', 'linear-gradient(to right, '
      + `#0073bb 0 ${percent}%, `
      + `var(--crowd-slider-secondary-color, #99cbe4) ${percent}% ${Math.max(percent, secondary)}%, `
      + `#d5dbdb ${Math.max(percent, secondary)}% 100%)`);
  }

  _showProblem(message) {
    this._parts.message.textContent = message;
    this._parts.range.setAttribute('aria-invalid', String(message !== ''));
  }
}

defineElement('crowd-slider', CrowdSlider);
