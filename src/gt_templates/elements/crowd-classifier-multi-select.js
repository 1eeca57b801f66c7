// <crowd-classifier-multi-select>: choose any number of categories by click
// or number key. Answer: { labels: [...] } in category order.
//
// exclusion-category ({ text: '...' }) is one more choice: selecting it clears
// and disables the categories and the answer is { labels: [] } (AWS describes
// this for its Rekognition variant; for this element it is our choice).
import { createNode, defineElement, stringAttribute } from './_support.js';
import { ClassifierElement, buildCategoryRow, readExclusionText, updateClassifierRegions } from './crowd-classifier.js';

class CrowdClassifierMultiSelect extends ClassifierElement {
  constructor() {
    super();
    this._chosen = new Set();
    this._excluded = false;
  }

  get value() {
    return { labels: this._excluded ? [] : this.categories.filter((c) => this._chosen.has(c)) };
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

  _keyChoices() {
    return Array.from(this._parts.picker.querySelectorAll('input'));
  }

  // A category disabled by the exclusion category cannot be picked by key.
  _pickByKey(event, index, input) {
    if (input.disabled) {
      return;
    }
    event.preventDefault();
    input.click();
    input.focus();
  }
}

defineElement('crowd-classifier-multi-select', CrowdClassifierMultiSelect);
