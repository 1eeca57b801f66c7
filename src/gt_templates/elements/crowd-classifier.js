// <crowd-classifier>: choose one category for the content in
// <classification-target>, by click or by number key. Answer: { label }.
//
// Regions stay in the light DOM (crowd-form must still find native controls
// inside them) and are shown through manually assigned slots.
import { booleanAttribute, createNode, createShadow, defineElement, elementReady, readJsonAttribute, stringAttribute } from './_support.js';

// Elements that react to number keys; when several are on a page the focused
// one, else the first in the document, takes the key.
const NUMBER_KEY_ELEMENTS = 'crowd-classifier, crowd-classifier-multi-select, '
  + 'crowd-image-classifier, crowd-image-classifier-multi-select';

export const CLASSIFIER_CSS = `
  .layout { display: flex; gap: 16px; align-items: flex-start; }
  .instructions {
    flex: 0 0 260px;
    border-right: 1px solid #eaeded;
    padding-right: 16px;
  }
  .instructions[hidden] { display: none; }
  .instructions h2, .annotation-area h2 { font-size: 16px; margin: 0 0 8px; }
  .annotation-area { flex: 1 1 auto; min-width: 0; }
  .full-link { display: block; margin-top: 8px; }
  .full-link[hidden] { display: none; }
  .target { margin: 8px 0 16px; }
  .gt-message:empty { display: none; }
  .category-picker-wrapper { display: flex; flex-direction: column; gap: 4px; max-width: 480px; }
  .category {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 8px;
    border: 1px solid #d5dbdb;
    border-radius: 2px;
    cursor: pointer;
  }
  .category:has(input:checked) { border-color: #0073bb; background: #f1faff; }
  .category:has(input:disabled) { cursor: default; opacity: 0.6; }
  .category.exclusion { margin-top: 8px; border-style: dashed; }
  .key {
    display: inline-block;
    min-width: 1.6em;
    text-align: center;
    font-size: 12px;
    color: #545b64;
    border: 1px solid #aab7b8;
    border-radius: 2px;
  }
`;

// Maps a key to a category index: 1-9 pick the first nine, 0 the tenth.
export function categoryIndexForKey(key) {
  if (!/^[0-9]$/.test(key)) {
    return -1;
  }
  return key === '0' ? 9 : Number(key) - 1;
}

// True when a key press is text entry that number keys must not steal.
export function isTypingTarget(event) {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  if (target.isContentEditable || target.localName === 'textarea' || target.localName === 'select') {
    return true;
  }
  return target.localName === 'input' && !['radio', 'checkbox', 'range', 'button'].includes(target.type);
}

// Decides whether `el` handles number keys: the focused picker wins, else the
// first picker in the document.
export function ownsNumberKeys(el) {
  const pickers = Array.from(document.querySelectorAll(NUMBER_KEY_ELEMENTS));
  const focused = pickers.find((picker) => picker.matches(':focus-within'));
  return (focused || pickers[0]) === el;
}

// Shows each light-DOM child in the slot `slotFor(child)` names (or nowhere).
export function assignRegionSlots(host, slotFor) {
  const groups = new Map();
  for (const node of host.childNodes) {
    const isContent = node.nodeType === Node.ELEMENT_NODE
      || (node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '');
    const slot = isContent ? slotFor(node) : null;
    if (slot) {
      groups.set(slot, [...(groups.get(slot) || []), node]);
    }
  }
  for (const slot of host.shadowRoot.querySelectorAll('slot')) {
    slot.assign(...(groups.get(slot) || []));
  }
}

// Keeps region slots in step with children added or removed later; `after`
// runs after each assignment (e.g. to hide panes with no region).
export function watchRegionSlots(host, slotFor, after = () => undefined) {
  const update = () => {
    assignRegionSlots(host, slotFor);
    after();
  };
  update();
  const observer = new MutationObserver(update);
  observer.observe(host, { childList: true });
  return observer;
}

// Builds the shared classifier layout: instructions pane, header, target,
// category picker and full-instructions dialog. Returns the parts.
export function buildClassifierLayout(host, css) {
  if (!host.shadowRoot) {
    host.attachShadow({ mode: 'open', slotAssignment: 'manual' });
  }
  const root = createShadow(host, CLASSIFIER_CSS + css);
  const slots = {
    short: createNode('slot', { name: 'short' }),
    full: createNode('slot', { name: 'full' }),
    target: createNode('slot', { name: 'target' }),
    rest: createNode('slot', { name: 'rest' }),
  };

  const pane = createNode('aside', {
    class: 'instructions awsui-app-layout__navigation',
    'aria-label': 'Instructions',
  });
  const openFull = createNode('button', { type: 'button', class: 'full-link' }, 'View full instructions');
  pane.append(createNode('h2', {}, 'Instructions'), slots.short, openFull);

  const area = createNode('section', { class: 'annotation-area' });
  const header = createNode('h2', { class: 'header' });
  const picker = createNode('div', { class: 'category-picker-wrapper' });
  const error = createNode('p', { class: 'gt-message', role: 'alert' });
  area.append(header, createNode('div', { class: 'target' }), picker, error, slots.rest);
  area.querySelector('.target').append(slots.target);

  const dialog = createNode('dialog', { class: 'awsui-modal-dialog', 'aria-labelledby': 'full-title' });
  const dialogTitle = createNode('header', { id: 'full-title' });
  const dialogBody = createNode('div', { class: 'gt-dialog-body' });
  const close = createNode('button', { type: 'button' }, 'Close');
  dialogBody.append(slots.full);
  dialog.append(dialogTitle, dialogBody, createNode('footer'));
  dialog.querySelector('footer').append(close);
  openFull.addEventListener('click', () => dialog.showModal());
  close.addEventListener('click', () => dialog.close());

  root.append(createNode('div', { class: 'layout' }), dialog);
  root.querySelector('.layout').append(pane, area);
  return { root, slots, pane, openFull, header, picker, error, dialog, dialogTitle };
}

// Routes a classifier child to its region slot.
export function classifierSlotFor(parts, node) {
  const regions = {
    'short-instructions': parts.slots.short,
    'full-instructions': parts.slots.full,
    'classification-target': parts.slots.target,
  };
  return regions[node.localName] || parts.slots.rest;
}

// Shows the instructions pane and its link only for the regions present.
export function updateClassifierRegions(host, parts) {
  const short = Array.from(host.children).find((c) => c.localName === 'short-instructions');
  const full = Array.from(host.children).find((c) => c.localName === 'full-instructions');
  parts.pane.hidden = !short && !full;
  parts.openFull.hidden = !full;
  parts.dialogTitle.textContent = (full && full.getAttribute('header')) || 'Full instructions';
  parts.header.textContent = stringAttribute(host, 'header');
  parts.header.hidden = !host.hasAttribute('header');
}

// Builds one pickable category row: input, number-key hint and text.
export function buildCategoryRow(type, text, index, extraClass = '') {
  const input = createNode('input', { type, name: 'category', value: text });
  const row = createNode('label', { class: `category ${extraClass}`.trim() });
  const hint = index < 10 ? String((index + 1) % 10) : '';
  row.append(input, createNode('span', { class: 'key', 'aria-hidden': 'true' }, hint));
  row.append(createNode('span', { class: 'text' }, text));
  row.querySelector('.key').hidden = hint === '';
  return { row, input };
}

// Reads the categories attribute as an array of strings.
export function readCategories(host) {
  const value = readJsonAttribute(host, 'categories', []);
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

// Reads exclusion-category ({ text: '...' }, or a bare string) as its text.
export function readExclusionText(host) {
  const value = readJsonAttribute(host, 'exclusion-category', null);
  if (value && typeof value === 'object' && 'text' in value) {
    return String(value.text);
  }
  return typeof value === 'string' ? value : '';
}

// Base for crowd-classifier and crowd-classifier-multi-select: the shared
// layout and regions, the categories (attribute or property) and number-key
// picking. Subclasses render the picker (`_render()`) and say what a number
// key picks (`_keyChoices()`, `_pickByKey()`).
export class ClassifierElement extends HTMLElement {
  static get observedAttributes() {
    return ['categories', 'header', 'disabled', 'exclusion-category'];
  }

  constructor() {
    super();
    this._categories = null;
    this._parts = null;
    this._onKeyDown = (event) => this._handleKey(event);
  }

  connectedCallback() {
    if (!this._parts) {
      this._parts = buildClassifierLayout(this, '');
      this._observer = watchRegionSlots(
        this,
        (node) => classifierSlotFor(this._parts, node),
        () => updateClassifierRegions(this, this._parts),
      );
      this._render();
    }
    document.addEventListener('keydown', this._onKeyDown);
    elementReady(this);
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this._onKeyDown);
  }

  attributeChangedCallback(name) {
    if (name === 'categories') {
      this._categories = null;
    }
    if (this._parts) {
      this._render();
    }
  }

  get categories() {
    return this._categories || readCategories(this);
  }

  set categories(value) {
    this._categories = Array.from(value || [], (item) => String(item));
    if (this._parts) {
      this._render();
    }
  }

  // Native controls in the regions (e.g. classification-target) are
  // submitted by crowd-form under their own names.
  get gtSubmitsNestedControls() {
    return true;
  }

  get disabled() {
    return booleanAttribute(this, 'disabled');
  }

  set disabled(on) {
    this.toggleAttribute('disabled', Boolean(on));
  }

  _handleKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || this.disabled) {
      return;
    }
    const index = categoryIndexForKey(event.key);
    const choices = this._keyChoices();
    if (index < 0 || index >= choices.length || isTypingTarget(event) || this._parts.dialog.open) {
      return;
    }
    if (ownsNumberKeys(this)) {
      this._pickByKey(event, index, choices[index]);
    }
  }
}

class CrowdClassifier extends ClassifierElement {
  constructor() {
    super();
    this._selected = null;
  }

  // The chosen category, as AWS samples read it from change events.
  get value() {
    return this._selected;
  }

  set value(label) {
    this._choose(label === null || label === undefined ? null : String(label), false);
  }

  gtAnswer() {
    return this._selected === null ? undefined : { label: this._selected };
  }

  gtValidate() {
    const message = this._selected === null && !this.disabled ? 'Choose a category.' : '';
    this._parts.error.textContent = message;
    return message;
  }

  gtReset() {
    this._choose(null, false);
  }

  // Options are the categories plus exclusion-category, which AWS documents
  // only for the multi-select variant (here it is one more choice).
  _options() {
    const exclusion = readExclusionText(this);
    return exclusion ? [...this.categories, exclusion] : this.categories;
  }

  _render() {
    updateClassifierRegions(this, this._parts);
    const group = createNode('div', {
      class: 'categories',
      role: 'radiogroup',
      'aria-label': stringAttribute(this, 'header') || 'Categories',
    });
    this._options().forEach((text, index) => {
      const { row, input } = buildCategoryRow('radio', text, index);
      input.checked = text === this._selected;
      input.disabled = this.disabled;
      input.addEventListener('change', () => this._choose(text, true));
      group.append(row);
    });
    this._parts.picker.replaceChildren(group);
    if (this._selected !== null && !this._options().includes(this._selected)) {
      this._choose(null, false);
    }
  }

  _choose(label, byWorker) {
    this._selected = label;
    for (const input of this._parts ? this._parts.picker.querySelectorAll('input') : []) {
      input.checked = input.value === label;
    }
    if (this._parts && label !== null) {
      this._parts.error.textContent = '';
    }
    if (byWorker) {
      this.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  _keyChoices() {
    return this._options();
  }

  _pickByKey(event, index, label) {
    event.preventDefault();
    this._choose(label, true);
    this._parts.picker.querySelectorAll('input')[index].focus();
  }
}

defineElement('crowd-classifier', CrowdClassifier);
