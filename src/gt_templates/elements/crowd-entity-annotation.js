// <crowd-entity-annotation>: highlight spans of text and label them.
// Offsets count Unicode code points; endOffset is the first character after
// the span. Outside a crowd-form the element brings its own crowd-form (in
// its shadow root, reachable as AWS samples expect), so it can be submitted.

import { createDialog, createNode, createShadow, defineElement, elementReady, labelColor, readJsonAttribute, regionContent, stringAttribute } from './_support.js';

const ENTITY_CSS = `
  .gt-entity-tool { display: flex; gap: 12px; align-items: flex-start; }
  .gt-entity-side { flex: 0 0 220px; border-right: 1px solid #eaeded; padding-right: 12px; }
  .gt-entity-side[hidden] { display: none; }
  .gt-entity-main { flex: 1 1 auto; min-width: 0; }
  .gt-entity-header { font-size: 18px; margin: 0 0 8px; }
  .gt-entity-labels { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 8px; }
  .gt-entity-labels button[aria-pressed="true"] { outline: 2px solid #0073bb; background: #f1faff; }
  .gt-entity-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
  .gt-entity-text {
    white-space: pre-wrap; line-height: 2; padding: 8px; border: 1px solid #aab7b8;
    user-select: none; -webkit-user-select: none; cursor: text; outline: none;
  }
  .gt-entity-text:focus-visible { outline: 2px solid #0073bb; }
  .gt-entity-text .gt-pending { background: #cce5f6; }
  .gt-entity-text .gt-in-entity { border-radius: 2px; }
  .gt-entity-text .gt-selected { text-decoration: underline; text-decoration-thickness: 2px; }
  .gt-entity-tag { font-size: 10px; font-weight: bold; color: #fff; padding: 0 3px; margin: 0 2px; border-radius: 2px; }
  .gt-entity-list { padding-left: 18px; }
  .gt-entity-status { min-height: 1.2em; color: #545b64; }
`;

function entityLabelEntries(value) {
  if (!Array.isArray(value)) {
    return [];
  }
  return value
    .map((item) => (item && typeof item === 'object' ? item : { label: item }))
    .filter((item) => item.label !== undefined && item.label !== null)
    .map((item) => ({
      label: String(item.label),
      full: String(item.fullDisplayName || item.longDisplayName || item.label),
      short: String(item.shortDisplayName || item.label),
    }));
}

function isWordCharacter(ch) {
  return /[\p{L}\p{N}\p{M}_'-]/u.test(ch);
}

export class CrowdEntityAnnotation extends HTMLElement {
  static get observedAttributes() {
    return ['text', 'labels', 'header'];
  }

  constructor() {
    super();
    this.characters = [];
    this.entityLabels = [];
    this.entities = [];
    this.currentLabel = 0;
    this.selected = -1;
    this.pending = null;
    this.built = false;
  }

  connectedCallback() {
    if (this.built) {
      return;
    }
    this.built = true;
    this.characters = Array.from(stringAttribute(this, 'text'));
    this.entityLabels = entityLabelEntries(readJsonAttribute(this, 'labels', []));
    this.entities = this.initialEntities();
    this.buildLayout();
    this.renderAll();
    elementReady(this);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.built || oldValue === newValue) {
      return;
    }
    if (name === 'text') {
      this.characters = Array.from(stringAttribute(this, 'text'));
      this.entities = [];
      this.selected = -1;
    } else if (name === 'labels') {
      this.entityLabels = entityLabelEntries(readJsonAttribute(this, 'labels', []));
    } else {
      this.headerNode.textContent = stringAttribute(this, 'header');
    }
    this.renderAll();
  }

  initialEntities() {
    const initial = readJsonAttribute(this, 'initial-value', []);
    const list = Array.isArray(initial) ? initial : [];
    return list
      .map((item) => ({
        label: String(item && item.label),
        startOffset: Math.trunc(Number(item && item.startOffset)),
        endOffset: Math.trunc(Number(item && item.endOffset)),
      }))
      .filter((item) => item.startOffset >= 0 && item.endOffset > item.startOffset
        && item.endOffset <= this.characters.length)
      .sort((a, b) => a.startOffset - b.startOffset);
  }

  get labels() {
    return this.entityLabels.map((entry) => ({
      label: entry.label,
      fullDisplayName: entry.full,
      shortDisplayName: entry.short,
    }));
  }

  set labels(value) {
    this.entityLabels = entityLabelEntries(value);
    this.currentLabel = Math.min(this.currentLabel, Math.max(0, this.entityLabels.length - 1));
    if (this.built) {
      this.renderAll();
    }
  }

  get value() {
    return {
      entities: this.entities.map((entity) => ({
        label: entity.label,
        startOffset: entity.startOffset,
        endOffset: entity.endOffset,
      })),
    };
  }

  get _submittableValue() {
    return this.value;
  }

  gtAnswer() {
    return this.value;
  }

  gtValidate() {
    return '';
  }

  // ----- layout ------------------------------------------------------------

  buildLayout() {
    const root = createShadow(this, ENTITY_CSS);
    const tool = createNode('div', { class: 'gt-entity-tool' });
    tool.append(this.buildSide(), this.buildMain());
    root.append(tool);
    tool.addEventListener('keydown', (event) => this.onKey(event));
  }

  buildSide() {
    const side = createNode('aside', { class: 'gt-entity-side', 'aria-label': 'Instructions' });
    const short = regionContent(this, 'short-instructions');
    const full = regionContent(this, 'full-instructions');
    if (short) {
      const box = createNode('div');
      box.innerHTML = short.innerHTML;
      side.append(box);
    }
    if (full) {
      const { dialog, body } = createDialog(full.getAttribute('header') || 'Full instructions');
      body.innerHTML = full.innerHTML;
      const open = createNode('button', { type: 'button' }, 'View full instructions');
      open.addEventListener('click', () => dialog.showModal());
      side.append(open, dialog);
    }
    side.hidden = !short && !full;
    return side;
  }

  buildMain() {
    const main = createNode('div', { class: 'gt-entity-main' });
    this.headerNode = createNode('h2', { class: 'gt-entity-header' }, stringAttribute(this, 'header'));
    this.labelPicker = createNode('div', { class: 'gt-entity-labels', role: 'group', 'aria-label': 'Labels' });
    this.textNode = createNode('div', {
      class: 'gt-entity-text',
      tabindex: '0',
      role: 'region',
      'aria-label': 'Text to annotate',
    });
    this.bindPointer();
    this.listNode = createNode('ul', { class: 'gt-entity-list', 'aria-label': 'Entities' });
    this.statusNode = createNode('p', { class: 'gt-entity-status', role: 'status' });
    main.append(this.headerNode, this.labelPicker, this.textNode, this.statusNode, this.listNode);
    if (!this.closest('crowd-form')) {
      main.append(this.buildOwnForm());
    }
    return main;
  }

  // A crowd-form whose only answer is this element's, so the page submits
  // the same `[ { name: value } ]` as an outer crowd-form would.
  buildOwnForm() {
    const form = document.createElement('crowd-form');
    const proxy = createNode('div', { name: this.getAttribute('name') || 'crowd-entity-annotation', hidden: true });
    proxy.gtAnswer = () => this.gtAnswer();
    proxy.gtValidate = () => this.gtValidate();
    form.append(proxy);
    return form;
  }

  renderAll() {
    this.renderLabelPicker();
    this.renderText();
    this.renderList();
  }

  labelColor(label) {
    const index = this.entityLabels.findIndex((entry) => entry.label === label);
    return index < 0 ? '#7f7f7f' : labelColor(index);
  }

  renderLabelPicker() {
    this.labelPicker.replaceChildren(...this.entityLabels.map((entry, index) => {
      const node = createNode('button', {
        type: 'button',
        'aria-pressed': String(index === this.currentLabel),
        'aria-label': `Label ${entry.full}`,
        title: index < 10 ? `${entry.full} (key ${(index + 1) % 10})` : entry.full,
      });
      const swatch = createNode('span', { class: 'gt-entity-swatch', 'aria-hidden': 'true' });
      swatch.style.background = labelColor(index);
      node.append(swatch, `${index < 10 ? `${(index + 1) % 10} ` : ''}${entry.full}`);
      node.addEventListener('click', () => this.chooseLabel(index));
      return node;
    }));
  }

  // One span per code point, so a pointer position maps straight to an offset.
  renderText() {
    const owner = new Array(this.characters.length).fill(-1);
    this.entities.forEach((entity, index) => {
      for (let at = entity.startOffset; at < entity.endOffset; at += 1) {
        owner[at] = index;
      }
    });
    this.charNodes = this.characters.map((ch, at) => {
      const node = createNode('span', { 'data-offset': String(at) }, ch);
      const index = owner[at];
      if (index >= 0) {
        const entity = this.entities[index];
        node.className = `gt-in-entity${index === this.selected ? ' gt-selected' : ''}`;
        node.style.background = `${this.labelColor(entity.label)}55`;
      }
      return node;
    });
    const nodes = [];
    this.charNodes.forEach((node, at) => {
      nodes.push(node);
      const index = owner[at];
      if (index >= 0 && this.entities[index].endOffset === at + 1) {
        nodes.push(this.entityTag(this.entities[index]));
      }
    });
    this.textNode.replaceChildren(...nodes);
  }

  entityTag(entity) {
    const entry = this.entityLabels.find((item) => item.label === entity.label);
    const tag = createNode('span', { class: 'gt-entity-tag', 'aria-hidden': 'true' }, entry ? entry.short : entity.label);
    tag.style.background = this.labelColor(entity.label);
    return tag;
  }

  renderList() {
    this.listNode.replaceChildren(...this.entities.map((entity, index) => {
      const text = this.characters.slice(entity.startOffset, entity.endOffset).join('');
      const item = createNode('li', {}, `${entity.label}: "${text}" `);
      const remove = createNode('button', {
        type: 'button',
        'aria-label': `Delete entity "${text}" (${entity.label})`,
      }, 'Delete');
      remove.addEventListener('click', () => this.removeEntity(index));
      item.append(remove);
      return item;
    }));
  }

  // ----- interaction -------------------------------------------------------

  bindPointer() {
    const offsetOf = (event) => {
      const node = event.target.closest ? event.target.closest('[data-offset]') : null;
      return node ? Number(node.getAttribute('data-offset')) : null;
    };
    this.textNode.addEventListener('pointerdown', (event) => {
      const at = offsetOf(event);
      if (event.button !== 0 || at === null) {
        return;
      }
      event.preventDefault();
      this.textNode.focus({ preventScroll: true });
      this.pending = { start: at, end: at };
      this.showPending();
    });
    this.textNode.addEventListener('pointermove', (event) => {
      const at = offsetOf(event);
      if (this.pending && at !== null && at !== this.pending.end) {
        this.pending.end = at;
        this.showPending();
      }
    });
    const finish = () => {
      const pending = this.pending;
      this.pending = null;
      if (pending) {
        this.finishPointer(pending);
      }
    };
    this.textNode.addEventListener('pointerup', finish);
    this.addEventListener('pointerleave', finish);
  }

  showPending() {
    const low = Math.min(this.pending.start, this.pending.end);
    const high = Math.max(this.pending.start, this.pending.end);
    this.charNodes.forEach((node, at) => node.classList.toggle('gt-pending', at >= low && at <= high));
  }

  finishPointer(pending) {
    if (pending.start === pending.end) {
      const hit = this.entities.findIndex((e) => e.startOffset <= pending.start && pending.start < e.endOffset);
      if (hit >= 0) {
        this.select(hit);
        return;
      }
      const word = this.wordAt(pending.start);
      if (word) {
        this.addEntity(word.start, word.end);
      } else {
        this.renderText();
      }
      return;
    }
    this.addEntity(Math.min(pending.start, pending.end), Math.max(pending.start, pending.end) + 1);
  }

  wordAt(at) {
    if (!isWordCharacter(this.characters[at])) {
      return null;
    }
    let start = at;
    let end = at + 1;
    while (start > 0 && isWordCharacter(this.characters[start - 1])) {
      start -= 1;
    }
    while (end < this.characters.length && isWordCharacter(this.characters[end])) {
      end += 1;
    }
    return { start, end };
  }

  // Adds a span (whitespace trimmed) with the current label; spans it
  // overlaps are replaced, as one character carries at most one label.
  addEntity(start, end) {
    while (start < end && /\s/u.test(this.characters[start])) {
      start += 1;
    }
    while (end > start && /\s/u.test(this.characters[end - 1])) {
      end -= 1;
    }
    const entry = this.entityLabels[this.currentLabel];
    if (!entry || end <= start) {
      this.statusNode.textContent = entry ? '' : 'Choose a label first.';
      this.renderText();
      return;
    }
    const entity = { label: entry.label, startOffset: start, endOffset: end };
    this.entities = this.entities.filter((e) => e.endOffset <= start || e.startOffset >= end);
    this.entities.push(entity);
    this.entities.sort((a, b) => a.startOffset - b.startOffset);
    // A new span is not selected, so picking the next label cannot relabel it.
    this.selected = -1;
    this.renderText();
    this.renderList();
  }

  removeEntity(index) {
    this.entities.splice(index, 1);
    this.selected = -1;
    this.renderText();
    this.renderList();
  }

  select(index) {
    this.selected = index;
    const labelIndex = this.entityLabels.findIndex((entry) => entry.label === this.entities[index].label);
    if (labelIndex >= 0) {
      this.currentLabel = labelIndex;
      this.renderLabelPicker();
    }
    this.renderText();
  }

  chooseLabel(index) {
    if (index < 0 || index >= this.entityLabels.length) {
      return;
    }
    this.currentLabel = index;
    if (this.selected >= 0) {
      this.entities[this.selected].label = this.entityLabels[index].label;
      this.renderText();
      this.renderList();
    }
    this.renderLabelPicker();
  }

  onKey(event) {
    const target = event.composedPath()[0];
    if (event.ctrlKey || event.metaKey || event.altKey || (target && /^(input|textarea|select)$/.test(target.localName))) {
      return;
    }
    if (/^[0-9]$/.test(event.key)) {
      this.chooseLabel((Number(event.key) + 9) % 10);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && this.selected >= 0) {
      this.removeEntity(this.selected);
    } else if (event.key === 'Escape') {
      this.selected = -1;
      this.renderText();
    } else {
      return;
    }
    event.preventDefault();
  }
}

defineElement('crowd-entity-annotation', CrowdEntityAnnotation);
