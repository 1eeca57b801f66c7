// <crowd-image-classifier-multi-select>: choose one or more categories for an
// image. Answer: { labels: [...] } in category order.
//
// Our choices where AWS documents nothing (UNCONFIRMED):
// - choosing the `exclusion-category` clears every other choice and submits
//   `{ labels: [] }` (as the A2I Rekognition element does); choosing a
//   category clears the exclusion again;
// - submitting with nothing chosen is blocked with a visible message;
// - `overlay` and `worker-comment` work as on crowd-image-classifier, and a
//   non-empty comment is added as `workerComment`.
import { createNode, defineElement, readJsonAttribute, stringAttribute } from './_support.js';
import { ImageClassifierBase } from './crowd-image-classifier.js';

export class CrowdImageClassifierMultiSelect extends ImageClassifierBase {
  constructor() {
    super();
    this._chosen = new Set();
    this._excluded = false;
  }

  get value() {
    const labels = this._excluded ? [] : this._categories.filter((category) => this._chosen.has(category));
    return this._withComment({ labels });
  }

  get labels() {
    return this.value.labels;
  }

  gtAnswer() {
    return this._excluded || this._chosen.size > 0 ? this.value : undefined;
  }

  gtValidate() {
    if (this._excluded || this._chosen.size > 0) {
      return '';
    }
    return this._showValidation('Choose at least one category before submitting.');
  }

  _exclusionText() {
    const exclusion = readJsonAttribute(this, 'exclusion-category', null);
    if (exclusion === null) {
      return null;
    }
    return typeof exclusion === 'string' ? exclusion : String(exclusion.text ?? 'None of the above');
  }

  _categoryListAttributes() {
    return { role: 'group', 'aria-label': stringAttribute(this, 'header') || 'Categories' };
  }

  _decorateChoice(button, index) {
    button.setAttribute('role', 'checkbox');
    button.setAttribute('aria-checked', String(this._chosen.has(this._categories[index])));
  }

  _decorateExtra(button) {
    button.setAttribute('role', 'checkbox');
    button.setAttribute('aria-checked', String(this._excluded));
  }

  _extraChoices() {
    const text = this._exclusionText();
    if (text === null) {
      return [];
    }
    const button = createNode('button', {
      type: 'button',
      class: 'gt-category',
      'aria-label': text,
      'data-gt-exclusion': true,
      'data-gt-index': -1,
    });
    button.append(createNode('span', {}, text));
    this._decorateExtra(button);
    button.addEventListener('click', () => this._toggleExclusion());
    return [button];
  }

  _choose(index) {
    const category = this._categories[index];
    if (this._chosen.has(category)) {
      this._chosen.delete(category);
    } else {
      this._chosen.add(category);
    }
    this._excluded = false;
    this._choiceChanged();
  }

  _toggleExclusion() {
    this._excluded = !this._excluded;
    if (this._excluded) {
      this._chosen.clear();
    }
    this._choiceChanged();
  }

  _clearChoice() {
    this._chosen.clear();
    this._excluded = false;
  }

  _forgetMissingCategories() {
    for (const category of [...this._chosen]) {
      if (!this._categories.includes(category)) {
        this._chosen.delete(category);
      }
    }
  }
}

defineElement('crowd-image-classifier-multi-select', CrowdImageClassifierMultiSelect);
