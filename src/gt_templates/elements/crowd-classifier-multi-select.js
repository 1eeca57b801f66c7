// <crowd-classifier-multi-select>: choose any number of categories by click
// or number key. Answer: { labels: [...] } in category order.
//
// exclusion-category ({ text: '...' }) is one more choice: selecting it clears
// and disables the categories and the answer is { labels: [] } (AWS describes
// this for its Rekognition variant; for this element it is our choice).
import { booleanAttribute, createNode, defineElement, elementReady, stringAttribute } from './_support.js';
import { buildCategoryRow, buildClassifierLayout, categoryIndexForKey, classifierSlotFor, isTypingTarget, ownsNumberKeys, readCategories, readExclusionText, updateClassifierRegions, watchRegionSlots } from './crowd-classifier.js';

class CrowdClassifierMultiSelect extends HTMLElement {
  static get observedAttributes() {
    return ['categories', 'header', 'disabled', 'exclusion-category'];
  }

  constructor() {
    super();
    this._categories = null;
    this._chosen = new Set();
    this._excluded = false;
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

  get value() {
    return { labels: this._excluded ? [] : this.categories.filter((c) => this._chosen.has(c)) };
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

  gtAnswer() {
    return this._chosen.size === 0 && !this._excluded ? undefined : this.value;
  }

  gtValidate() {
    const empty = this._chosen.size === 0 && !this._excluded;
    const message = empty && !this.disabled ? 'Choose at least one category.' : '';
    this._parts.error.textContent = message;
    return message;
  }

  gtReset() {
    this._chosen.clear();
    this._excluded = false;
    this._sync();
  }

  _render() {
    updateClassifierRegions(this, this._parts);
    const group = createNode('div', {
      class: 'categories',
      role: 'group',
      'aria-label': stringAttribute(this, 'header') || 'Categories',
    });
    const categories = this.categories;
    categories.forEach((text, index) => {
      const { row, input } = buildCategoryRow('checkbox', text, index);
      input.addEventListener('change', () => this._toggle(text, input.checked));
      group.append(row);
    });
    const exclusion = readExclusionText(this);
    if (exclusion) {
      const { row, input } = buildCategoryRow('checkbox', exclusion, categories.length, 'exclusion');
      input.addEventListener('change', () => this._exclude(input.checked));
      group.append(row);
    }
    this._parts.picker.replaceChildren(group);
    this._chosen = new Set(categories.filter((c) => this._chosen.has(c)));
    this._excluded = this._excluded && Boolean(exclusion);
    this._sync();
  }

  _toggle(label, on) {
    if (on) {
      this._chosen.add(label);
    } else {
      this._chosen.delete(label);
    }
    this._changed();
  }

  _exclude(on) {
    this._excluded = on;
    if (on) {
      this._chosen.clear();
    }
    this._changed();
  }

  _changed() {
    this._sync();
    this._parts.error.textContent = '';
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // Mirrors the state onto the checkboxes; categories are disabled while the
  // exclusion category is selected.
  _sync() {
    for (const input of this._parts.picker.querySelectorAll('input')) {
      const isExclusion = input.closest('.exclusion') !== null;
      input.checked = isExclusion ? this._excluded : this._chosen.has(input.value);
      input.disabled = this.disabled || (!isExclusion && this._excluded);
    }
  }

  _handleKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || this.disabled) {
      return;
    }
    const index = categoryIndexForKey(event.key);
    const inputs = Array.from(this._parts.picker.querySelectorAll('input'));
    if (index < 0 || index >= inputs.length || isTypingTarget(event) || this._parts.dialog.open) {
      return;
    }
    if (!ownsNumberKeys(this) || inputs[index].disabled) {
      return;
    }
    event.preventDefault();
    inputs[index].click();
    inputs[index].focus();
  }
}

defineElement('crowd-classifier-multi-select', CrowdClassifierMultiSelect);
