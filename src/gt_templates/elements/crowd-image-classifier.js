// <crowd-image-classifier>: choose one category for an image, optionally over
// a verification overlay (boxes or a segmentation mask from a prior job).
//
// Answer: { label, workerComment? }. Also holds the base class shared with
// crowd-image-classifier-multi-select.
import { createDialog, createNode, createShadow, defineElement, elementReady, imageSettled, keyEventIsTyping, labelColor, readJsonAttribute, regionContent, stringAttribute } from './_support.js';

const IMAGE_CLASSIFIER_CSS = `
  .gt-layout { display: flex; gap: 16px; align-items: flex-start; }
  .gt-side { flex: 0 0 240px; border-right: 1px solid #eaeded; padding-right: 12px; }
  .gt-side[hidden] { display: none; }
  .gt-main { flex: 1 1 auto; min-width: 0; }
  .gt-header { font-size: 18px; font-weight: bold; margin: 0 0 8px; }
  .gt-stage { position: relative; display: inline-block; line-height: 0; max-width: 100%; }
  .gt-stage img.gt-image { display: block; max-width: 100%; max-height: 70vh; }
  .gt-stage canvas, .gt-stage .gt-mask {
    position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none;
  }
  .gt-stage .gt-mask { image-rendering: pixelated; }
  .gt-overlay-controls { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
  .gt-overlay-controls[hidden] { display: none; }
  .gt-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 10px; margin: 0; padding: 0; }
  .gt-swatch {
    display: inline-block; width: 12px; height: 12px; margin-right: 4px;
    border: 1px solid #545b64; vertical-align: middle;
  }
  .gt-categories { flex: 0 0 220px; display: flex; flex-direction: column; gap: 6px; }
  .gt-category { text-align: left; display: flex; gap: 8px; align-items: center; }
  .gt-category[aria-checked="true"] { background: #0073bb; border-color: #0073bb; color: #fff; }
  .gt-category kbd {
    font: 11px monospace; border: 1px solid currentColor; border-radius: 2px; padding: 0 4px;
  }
  .gt-comment-preview { font-style: italic; white-space: pre-wrap; margin: 4px 0; }
  textarea { width: 100%; min-width: 320px; min-height: 100px; font: inherit; margin-top: 8px; }
`;

const IMAGE_CLASSIFIER_OVERLAY_KINDS = ['boundingBox', 'semanticSegmentation', 'instanceSegmentation'];

// Keys 1-9 pick categories 1-9 and 0 picks the tenth.
function imageClassifierKeyIndex(key) {
  if (!/^[0-9]$/.test(key)) {
    return -1;
  }
  return key === '0' ? 9 : Number(key) - 1;
}

// Reads the one-key overlay object: { boundingBox: {...} } and so on.
function overlaySpec(el) {
  const overlay = readJsonAttribute(el, 'overlay', null);
  if (overlay === null || typeof overlay !== 'object') {
    return null;
  }
  const kind = IMAGE_CLASSIFIER_OVERLAY_KINDS.find((name) => overlay[name]);
  if (!kind) {
    console.warn(`gt-templates: <${el.localName}> overlay has none of ${IMAGE_CLASSIFIER_OVERLAY_KINDS.join(', ')}`);
    return null;
  }
  return { kind, ...overlay[kind] };
}

// Colour per label: the label's index in `labels`, then unknown labels after.
function overlayColorMap(labels, usedLabels) {
  const colors = new Map();
  for (const label of [...labels, ...usedLabels]) {
    if (!colors.has(label)) {
      colors.set(label, labelColor(colors.size));
    }
  }
  return colors;
}

function drawBoundingBoxes(canvas, image, spec) {
  const rect = image.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(rect.width * ratio));
  canvas.height = Math.max(1, Math.round(rect.height * ratio));
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!image.naturalWidth || !image.naturalHeight) {
    return;
  }
  const scaleX = canvas.width / image.naturalWidth;
  const scaleY = canvas.height / image.naturalHeight;
  const boxes = Array.isArray(spec.value) ? spec.value : [];
  const colors = overlayColorMap(spec.labels || [], boxes.map((box) => box.label));
  context.lineWidth = 2 * ratio;
  context.font = `${12 * ratio}px sans-serif`;
  context.textBaseline = 'top';
  for (const box of boxes) {
    const color = colors.get(box.label);
    const x = box.left * scaleX;
    const y = box.top * scaleY;
    context.strokeStyle = color;
    context.strokeRect(x, y, box.width * scaleX, box.height * scaleY);
    const text = String(box.label);
    const textHeight = 16 * ratio;
    const textWidth = context.measureText(text).width + 8 * ratio;
    const textY = y >= textHeight ? y - textHeight : y;
    context.fillStyle = color;
    context.fillRect(x, textY, textWidth, textHeight);
    context.fillStyle = '#fff';
    context.fillText(text, x + 4 * ratio, textY + 2 * ratio);
  }
}

function imageClassifierColorKey(hex) {
  const match = /^#?([0-9a-f]{6})$/i.exec(String(hex || '').trim());
  return match ? parseInt(match[1], 16) : null;
}

// Returns a canvas copy of the label PNG in which every pixel that is not a
// label colour is transparent, so the PNG's background (white in Ground Truth
// output) does not veil the image; null when the PNG cannot be read (a
// cross-origin mask), in which case the PNG is shown as it is.
function transparentMaskBackground(mask, colors) {
  const keep = new Set(colors.map(imageClassifierColorKey).filter((key) => key !== null));
  if (keep.size === 0 || !mask.naturalWidth) {
    return null;
  }
  const canvas = createNode('canvas', { class: 'gt-mask', 'data-gt-overlay-mask': true, 'aria-hidden': 'true' });
  canvas.width = mask.naturalWidth;
  canvas.height = mask.naturalHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(mask, 0, 0);
  let data;
  try {
    data = context.getImageData(0, 0, canvas.width, canvas.height);
  } catch (error) {
    return null;
  }
  const pixels = data.data;
  for (let index = 0; index < pixels.length; index += 4) {
    if (!keep.has((pixels[index] << 16) | (pixels[index + 1] << 8) | pixels[index + 2])) {
      pixels[index + 3] = 0;
    }
  }
  context.putImageData(data, 0, 0);
  return canvas;
}

export class ImageClassifierBase extends HTMLElement {
  constructor() {
    super();
    this._categories = null;
    this._comment = '';
    this._onKeyDown = (event) => this._handleKey(event);
  }

  connectedCallback() {
    window.addEventListener('keydown', this._onKeyDown);
    if (this.shadowRoot) {
      return;
    }
    if (this._categories === null) {
      this._categories = readJsonAttribute(this, 'categories', []).map(String);
    }
    this._render();
  }

  disconnectedCallback() {
    window.removeEventListener('keydown', this._onKeyDown);
  }

  get categories() {
    return [...(this._categories || [])];
  }

  set categories(value) {
    this._categories = Array.from(value || [], String);
    this._forgetMissingCategories();
    if (this.shadowRoot) {
      this._renderCategories();
    }
  }

  get workerComment() {
    return this._comment;
  }

  gtReset() {
    this._clearChoice();
    this._comment = '';
    if (this.shadowRoot) {
      this._renderCategories();
      this._renderComment();
    }
  }

  _render() {
    const root = createShadow(this, IMAGE_CLASSIFIER_CSS);
    const layout = createNode('div', { class: 'gt-layout' });
    layout.append(this._renderSide(), this._renderMain(), this._renderCategoryPanel());
    root.append(layout);
    this._renderCategories();
    this._waitForImages();
  }

  _renderSide() {
    const side = createNode('aside', { class: 'gt-side', 'aria-label': 'Instructions' });
    const short = regionContent(this, 'short-instructions');
    const full = regionContent(this, 'full-instructions');
    side.hidden = !short && !full;
    if (short) {
      short.setAttribute('slot', 'short-instructions');
      side.append(createNode('slot', { name: 'short-instructions' }));
    }
    if (full) {
      full.setAttribute('slot', 'full-instructions');
      const title = stringAttribute(full, 'header', 'Full instructions');
      const { dialog, body } = createDialog(title);
      body.append(createNode('slot', { name: 'full-instructions' }));
      const link = createNode('a', { href: '#', class: 'gt-link', 'data-gt-full-instructions': true },
        'View full instructions');
      link.addEventListener('click', (event) => {
        event.preventDefault();
        dialog.showModal();
      });
      const paragraph = createNode('p');
      paragraph.append(link);
      side.append(paragraph, dialog);
    }
    return side;
  }

  _renderMain() {
    const main = createNode('div', { class: 'gt-main' });
    const header = stringAttribute(this, 'header');
    if (header) {
      main.append(createNode('div', { class: 'gt-header', role: 'heading', 'aria-level': 2 }, header));
    }
    const stage = createNode('div', { class: 'gt-stage' });
    this._image = createNode('img', { class: 'gt-image', alt: header || 'Image to classify' });
    const src = stringAttribute(this, 'src');
    if (src) {
      this._image.src = src;
    }
    stage.append(this._image);
    main.append(stage);
    this._overlay = overlaySpec(this);
    if (this._overlay) {
      main.append(this._renderOverlay(stage));
    }
    return main;
  }

  _renderOverlay(stage) {
    const spec = this._overlay;
    const controls = createNode('div', { class: 'gt-overlay-controls', 'data-gt-overlay': spec.kind });
    if (spec.kind === 'boundingBox') {
      this._canvas = createNode('canvas', { role: 'img', 'data-gt-overlay-canvas': true });
      const boxes = Array.isArray(spec.value) ? spec.value : [];
      this._canvas.setAttribute('aria-label', `${boxes.length} labelled boxes: `
        + boxes.map((box) => box.label).join(', '));
      stage.append(this._canvas);
      const colors = overlayColorMap(spec.labels || [], boxes.map((box) => box.label));
      controls.append(this._renderLegend([...colors].map(([label, color]) => ({ label, color }))));
      new ResizeObserver(() => this._drawOverlay()).observe(this._image);
      return controls;
    }
    this._mask = createNode('img', { class: 'gt-mask', alt: '', 'data-gt-overlay-mask': true });
    if (spec.src) {
      this._mask.src = spec.src;
    }
    this._mask.style.opacity = '0.5';
    stage.append(this._mask);
    controls.append(this._renderOpacityControl(), this._renderLegend(this._maskLegend(spec)));
    return controls;
  }

  _maskLegend(spec) {
    if (spec.kind === 'instanceSegmentation') {
      return (spec.instances || []).map((instance) => ({ label: instance.label, color: instance.color }));
    }
    return Object.entries(spec.labelMappings || {}).map(([label, mapping]) => ({
      label, color: mapping && mapping.color,
    }));
  }

  _renderOpacityControl() {
    const label = createNode('label', {}, 'Overlay opacity ');
    const slider = createNode('input', {
      type: 'range', min: 0, max: 100, value: 50, 'aria-label': 'Overlay opacity',
      'data-gt-opacity': true,
    });
    slider.addEventListener('input', () => {
      this._mask.style.opacity = String(Number(slider.value) / 100);
    });
    label.append(slider);
    return label;
  }

  _renderLegend(entries) {
    const legend = createNode('ul', { class: 'gt-legend', 'aria-label': 'Legend' });
    for (const { label, color } of entries) {
      const item = createNode('li', { 'data-gt-legend-color': color });
      const swatch = createNode('span', { class: 'gt-swatch', 'aria-hidden': 'true' });
      swatch.style.background = color;
      item.append(swatch, document.createTextNode(String(label)));
      legend.append(item);
    }
    return legend;
  }

  _renderCategoryPanel() {
    const panel = createNode('div', { class: 'gt-categories' });
    this._categoryList = createNode('div', this._categoryListAttributes());
    this._categoryList.style.cssText = 'display:flex;flex-direction:column;gap:6px;';
    this._message = createNode('div', { class: 'gt-message', role: 'alert', 'data-gt-message': true });
    panel.append(this._categoryList, this._renderCommentControls(), this._message);
    return panel;
  }

  _renderCommentControls() {
    const wrapper = createNode('div');
    const region = regionContent(this, 'worker-comment');
    if (!region) {
      return wrapper;
    }
    region.setAttribute('slot', 'worker-comment');
    const header = stringAttribute(region, 'header', 'Add a comment.');
    const linkText = stringAttribute(region, 'link-text', 'Add a comment.');
    const { dialog, body, footer, close } = createDialog(header, 'Cancel');
    this._commentBox = createNode('textarea', {
      placeholder: stringAttribute(region, 'placeholder'),
      'aria-label': region.textContent.trim() || header,
      'data-gt-comment': true,
    });
    body.append(createNode('slot', { name: 'worker-comment' }), this._commentBox);
    const save = createNode('button', { type: 'button', class: 'primary', 'aria-label': 'Save comment' },
      'Save');
    save.addEventListener('click', () => {
      this._comment = this._commentBox.value.trim();
      this._renderComment();
      dialog.close();
    });
    close.addEventListener('click', () => {
      this._commentBox.value = this._comment;
    });
    footer.append(save);
    const link = createNode('a', { href: '#', class: 'gt-link', 'data-gt-comment-link': true }, linkText);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this._commentBox.value = this._comment;
      dialog.showModal();
      this._commentBox.focus();
    });
    this._commentPreview = createNode('p', { class: 'gt-comment-preview', 'aria-label': 'Your comment' });
    wrapper.append(link, this._commentPreview, dialog);
    this._renderComment();
    return wrapper;
  }

  _renderComment() {
    if (this._commentPreview) {
      this._commentPreview.textContent = this._comment;
      this._commentPreview.hidden = !this._comment;
    }
  }

  _renderCategories() {
    const buttons = this._categories.map((category, index) => this._categoryButton(category, index));
    this._categoryList.replaceChildren(...buttons, ...this._extraChoices());
  }

  _categoryButton(category, index) {
    const button = createNode('button', {
      type: 'button',
      class: 'gt-category',
      'aria-label': category,
      'data-gt-category': category,
      'data-gt-index': index,
    });
    if (index < 10) {
      button.append(createNode('kbd', { 'aria-hidden': 'true' }, String((index + 1) % 10)));
    }
    button.append(createNode('span', {}, category));
    this._decorateChoice(button, index);
    button.addEventListener('click', () => this._choose(index));
    return button;
  }

  _extraChoices() {
    return [];
  }

  _decorateExtra() {}

  // Number keys work anywhere on the page unless the worker is typing, a
  // dialog is open, or several classifiers share the page (then only when
  // the key press comes from inside this one).
  _handleKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || keyEventIsTyping(event)) {
      return;
    }
    if (this.shadowRoot?.querySelector('dialog[open]') || document.querySelector('dialog[open]')) {
      return;
    }
    const classifiers = document.querySelectorAll('crowd-image-classifier, crowd-image-classifier-multi-select');
    if (classifiers.length > 1 && !event.composedPath().includes(this)) {
      return;
    }
    const index = imageClassifierKeyIndex(event.key);
    if (index >= 0 && index < this._categories.length) {
      event.preventDefault();
      this._choose(index);
    }
  }

  // Updates the buttons in place so keyboard focus stays where it was.
  _choiceChanged() {
    this._message.textContent = '';
    for (const button of this._categoryList.querySelectorAll('.gt-category')) {
      const index = Number(button.dataset.gtIndex);
      if (index >= 0) {
        this._decorateChoice(button, index);
      } else {
        this._decorateExtra(button);
      }
    }
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  _withComment(answer) {
    return this._comment ? { ...answer, workerComment: this._comment } : answer;
  }

  async _waitForImages() {
    const images = [this._image, this._mask].filter((image) => image && image.getAttribute('src'));
    await Promise.all(images.map(imageSettled));
    this._drawOverlay();
    this._clearMaskBackground();
    elementReady(this);
  }

  _clearMaskBackground() {
    if (!this._mask) {
      return;
    }
    const colors = this._maskLegend(this._overlay).map((entry) => entry.color);
    const canvas = transparentMaskBackground(this._mask, colors);
    if (canvas) {
      canvas.style.opacity = this._mask.style.opacity;
      this._mask.replaceWith(canvas);
      this._mask = canvas;
    }
  }

  _drawOverlay() {
    if (this._canvas && this._overlay) {
      drawBoundingBoxes(this._canvas, this._image, this._overlay);
    }
  }

  _showValidation(message) {
    if (this._message) {
      this._message.textContent = message;
    }
    return message;
  }
}

export class CrowdImageClassifier extends ImageClassifierBase {
  constructor() {
    super();
    this._label = null;
  }

  get value() {
    return this._label === null ? {} : this._withComment({ label: this._label });
  }

  get label() {
    return this._label;
  }

  gtAnswer() {
    return this._label === null ? undefined : this.value;
  }

  // UNCONFIRMED in AWS's documentation whether submitting without a category
  // is blocked; we block it with a visible message, since a verification
  // answer without a verdict is useless.
  gtValidate() {
    return this._label === null ? this._showValidation('Choose a category before submitting.') : '';
  }

  focus() {
    this.shadowRoot?.querySelector('.gt-category')?.focus();
  }

  _categoryListAttributes() {
    return { role: 'radiogroup', 'aria-label': stringAttribute(this, 'header') || 'Categories' };
  }

  _decorateChoice(button, index) {
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', String(this._categories[index] === this._label));
  }

  _choose(index) {
    this._label = this._categories[index];
    this._choiceChanged();
  }

  _clearChoice() {
    this._label = null;
  }

  _forgetMissingCategories() {
    if (!this._categories.includes(this._label)) {
      this._label = null;
    }
  }
}

defineElement('crowd-image-classifier', CrowdImageClassifier);
