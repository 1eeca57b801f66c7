// Shared machinery for the image annotation tools (crowd-bounding-box,
// crowd-keypoint, crowd-polygon, crowd-line, crowd-polyline and the two
// segmentation tools): layout, label picker, zoom, pointer and keyboard
// plumbing, shape hit-testing and the pixel-exact label mask.
//
// All coordinates kept by the tools are image pixels; the canvas only
// converts at the edges (pointer in, drawing out), so answers never depend
// on the zoom level.

import { createDialog, createNode, createShadow, elementReady, labelColor, readJsonAttribute, regionContent, stringAttribute } from './_support.js';

export const ANNOTATION_CSS = `
  .gt-tool { display: flex; gap: 12px; align-items: flex-start; }
  .gt-side { flex: 0 0 220px; border-right: 1px solid #eaeded; padding-right: 12px; }
  .gt-side[hidden] { display: none; }
  .gt-main { flex: 1 1 auto; min-width: 0; }
  .gt-header { font-size: 18px; margin: 0 0 8px; }
  .gt-toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 8px; }
  .gt-labels { display: flex; flex-wrap: wrap; gap: 4px; }
  .gt-labels button[aria-pressed="true"], .gt-toggle[aria-pressed="true"] {
    outline: 2px solid #0073bb; background: #f1faff;
  }
  .gt-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
  .gt-stage {
    position: relative; overflow: auto; max-width: 100%; max-height: 75vh;
    border: 1px solid #aab7b8; background: #f2f3f3; outline: none;
  }
  .gt-stage:focus-visible { outline: 2px solid #0073bb; }
  .gt-stage canvas { display: block; cursor: crosshair; touch-action: none; }
  .gt-status { min-height: 1.2em; color: #545b64; margin: 4px 0 0; }
  .gt-group { display: inline-flex; gap: 4px; align-items: center; }
`;

// Parses a `labels` value: strings, or objects carrying a `label` key.
export function annotationLabelNames(value) {
  if (!Array.isArray(value)) {
    return [];
  }
  return value
    .map((item) => (item && typeof item === 'object' ? item.label : item))
    .filter((item) => item !== undefined && item !== null)
    .map(String);
}

// Returns [r, g, b] for '#rgb' / '#rrggbb', or null for anything else.
export function parseHexColor(text) {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(text || '').trim());
  if (!match) {
    return null;
  }
  const hex = match[1].length === 3 ? match[1].replace(/./g, (c) => c + c) : match[1];
  return [0, 2, 4].map((start) => parseInt(hex.slice(start, start + 2), 16));
}

export function hexColor(rgb) {
  return `#${rgb.map((part) => part.toString(16).padStart(2, '0')).join('')}`;
}

// Colour n of an endless sequence: category10 first, then golden-angle hues.
export function distinctColor(n) {
  if (n < 10) {
    return labelColor(n);
  }
  const hue = (n * 137.508) % 360;
  const light = 35 + (n % 3) * 12;
  return hexColor(hslToRgb(hue, 70, light));
}

function hslToRgb(h, s, l) {
  const sat = s / 100;
  const light = l / 100;
  const k = (n) => (n + h / 30) % 12;
  const a = sat * Math.min(light, 1 - light);
  const f = (n) => light - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255));
}

// Colour of label `index` from a `label-colors` attribute (crowd-line,
// crowd-polyline), else the palette.
export function lineColorAttribute(el, index) {
  if (!el.labelColorList) {
    el.labelColorList = readJsonAttribute(el, 'label-colors', []);
  }
  const colors = el.labelColorList;
  const chosen = Array.isArray(colors) ? parseHexColor(colors[index]) : null;
  return chosen ? hexColor(chosen) : labelColor(index);
}

// Order-insensitive comparison of two lists of plain answer objects.
export function sameAnnotations(a, b) {
  const canon = (list) => list.map((item) => JSON.stringify(item)).sort().join('\n');
  return canon(a) === canon(b);
}

export function clampNumber(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

export function toWholePixel(value) {
  const number = Number(value);
  return Number.isFinite(number) ? Math.round(number) : 0;
}

export function distanceToSegment(p, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : clampNumber(((p.x - a.x) * dx + (p.y - a.y) * dy) / length, 0, 1);
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

export function pointInPolygon(p, vertices) {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i, i += 1) {
    const a = vertices[i];
    const b = vertices[j];
    if ((a.y > p.y) !== (b.y > p.y) && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

// The tool that receives keys typed while nothing on the page has focus.
let annotationKeyTarget = null;

function annotationKeyFallback(event) {
  const active = document.activeElement;
  if (event.defaultPrevented || (active && active !== document.body && active !== document.documentElement)) {
    return;
  }
  const target = annotationKeyTarget && annotationKeyTarget.isConnected
    ? annotationKeyTarget
    : Array.from(document.querySelectorAll('*')).find((node) => node instanceof AnnotationTool);
  if (target) {
    target.handleToolKey(event);
  }
}

window.addEventListener('keydown', annotationKeyFallback);

// Base class: builds the shadow layout, loads the image, turns pointer and
// key input into calls on the subclass hooks, and paints via render().
export class AnnotationTool extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'labels', 'header'];
  }

  constructor() {
    super();
    this._labels = [];
    this.currentLabel = 0;
    this.zoom = 1;
    this.fitScale = 1;
    this.image = null;
    this.imageWidth = 0;
    this.imageHeight = 0;
    this.imageFailed = false;
    this.hasInitialValue = false;
    this.renderQueued = false;
    this.pointerDown = false;
    this.built = false;
  }

  connectedCallback() {
    if (this.built) {
      return;
    }
    this.built = true;
    this._labels = this._labelsFromAttribute();
    this.buildLayout();
    this.readInitialValue();
    this.loadImage();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.built || oldValue === newValue) {
      return;
    }
    if (name === 'labels') {
      this.labels = readJsonAttribute(this, 'labels', []);
    } else if (name === 'header') {
      this.headerNode.textContent = stringAttribute(this, 'header');
      this.headerNode.hidden = !this.headerNode.textContent;
    } else if (name === 'src') {
      this.loadImage();
    }
  }

  _labelsFromAttribute() {
    return annotationLabelNames(readJsonAttribute(this, 'labels', []));
  }

  get labels() {
    return this._labels.slice();
  }

  set labels(value) {
    this._labels = annotationLabelNames(value);
    this.currentLabel = Math.min(this.currentLabel, Math.max(0, this._labels.length - 1));
    if (this.built) {
      this.renderLabelPicker();
      this.requestRender();
    }
  }

  get _submittableValue() {
    return this.value;
  }

  gtAnswer() {
    return this.imageWidth > 0 ? this.value : undefined;
  }

  gtValidate() {
    if (this.imageFailed) {
      return `The image for "${this.getAttribute('name') || this.localName}" could not be loaded.`;
    }
    return this.imageWidth > 0 ? '' : 'The image is still loading; please wait.';
  }

  // Colour of a label name: its position in `labels` picks the palette entry.
  colorFor(label) {
    const index = this._labels.indexOf(label);
    return index < 0 ? '#7f7f7f' : this.labelColorAt(index);
  }

  labelColorAt(index) {
    return labelColor(index);
  }

  get currentLabelName() {
    return this._labels[this.currentLabel];
  }

  // ----- layout ------------------------------------------------------------

  buildLayout() {
    const root = createShadow(this, ANNOTATION_CSS + this.toolCss());
    const tool = createNode('div', { class: 'gt-tool' });
    tool.append(this.buildSide(), this.buildMain());
    root.append(tool);
    tool.addEventListener('keydown', (event) => this.handleToolKey(event));
    this.renderLabelPicker();
  }

  toolCss() {
    return '';
  }

  buildSide() {
    const side = createNode('aside', { class: 'gt-side', 'aria-label': 'Instructions' });
    const short = regionContent(this, 'short-instructions');
    const full = regionContent(this, 'full-instructions');
    if (short) {
      const box = createNode('div', { class: 'gt-short' });
      box.innerHTML = short.innerHTML;
      side.append(box);
    }
    if (full) {
      const title = full.getAttribute('header') || 'Full instructions';
      const { dialog, body } = createDialog(title);
      body.innerHTML = full.innerHTML;
      const open = createNode('button', { type: 'button', class: 'gt-full-open' }, 'View full instructions');
      open.addEventListener('click', () => dialog.showModal());
      side.append(open, dialog);
    }
    side.hidden = !short && !full;
    return side;
  }

  buildMain() {
    const main = createNode('div', { class: 'gt-main' });
    this.headerNode = createNode('h2', { class: 'gt-header' }, stringAttribute(this, 'header'));
    this.headerNode.hidden = !this.headerNode.textContent;
    const toolbar = createNode('div', { class: 'gt-toolbar', role: 'toolbar', 'aria-label': 'Annotation tools' });
    this.labelPicker = createNode('div', { class: 'gt-labels', role: 'group', 'aria-label': 'Labels' });
    toolbar.append(this.labelPicker, ...this.toolControls(), ...this.zoomControls());
    this.stage = createNode('div', { class: 'gt-stage', tabindex: '0', role: 'region', 'aria-label': 'Image annotation area' });
    this.canvas = createNode('canvas', { class: 'upper-canvas', 'aria-label': 'Image to annotate', role: 'img' });
    this.stage.append(this.canvas);
    this.statusNode = createNode('p', { class: 'gt-status', role: 'status' });
    main.append(this.headerNode, toolbar, this.stage, this.statusNode);
    this.bindPointer();
    return main;
  }

  // Subclass controls placed between the label picker and the zoom buttons.
  toolControls() {
    return [];
  }

  zoomControls() {
    const group = createNode('span', { class: 'gt-group', role: 'group', 'aria-label': 'Zoom' });
    group.append(
      this.button('Zoom in', '+', () => this.setZoom(this.zoom * 1.5)),
      this.button('Zoom out', '−', () => this.setZoom(this.zoom / 1.5)),
      this.button('Fit image', 'Fit', () => this.setZoom(1)),
    );
    return [group];
  }

  button(name, text, onClick, extra = {}) {
    const node = createNode('button', { type: 'button', 'aria-label': name, title: name, ...extra }, text);
    node.addEventListener('click', onClick);
    return node;
  }

  renderLabelPicker() {
    this.labelPicker.replaceChildren(...this._labels.map((label, index) => {
      const shortcut = index < 10 ? `${(index + 1) % 10} ` : '';
      const node = createNode('button', {
        type: 'button',
        'aria-pressed': String(index === this.currentLabel),
        'aria-label': `Label ${label}`,
        'data-label': label,
        title: index < 10 ? `${label} (key ${(index + 1) % 10})` : label,
      });
      const swatch = createNode('span', { class: 'gt-swatch', 'aria-hidden': 'true' });
      swatch.style.background = this.labelColorAt(index);
      node.append(swatch, `${shortcut}${label}`);
      node.addEventListener('click', () => this.chooseLabel(index));
      return node;
    }));
  }

  chooseLabel(index) {
    if (index < 0 || index >= this._labels.length) {
      return;
    }
    this.currentLabel = index;
    for (const [position, node] of Array.from(this.labelPicker.children).entries()) {
      node.setAttribute('aria-pressed', String(position === index));
    }
    this.labelChosen(this._labels[index]);
    this.requestRender();
  }

  // Hook: a label was chosen (tools relabel their selection here).
  labelChosen() {}

  setStatus(text) {
    this.statusNode.textContent = text;
  }

  // ----- image and zoom ----------------------------------------------------

  loadImage() {
    const src = this.getAttribute('src');
    const image = new Image();
    this.image = image;
    this.imageFailed = false;
    image.addEventListener('load', () => {
      image.decode().catch(() => undefined).then(() => this.imageLoaded(image));
    }, { once: true });
    image.addEventListener('error', () => this.imageFailedToLoad(src), { once: true });
    if (src) {
      image.src = src;
    } else {
      this.imageFailedToLoad(src);
    }
  }

  async imageLoaded(image) {
    if (image !== this.image) {
      return;
    }
    this.imageWidth = image.naturalWidth;
    this.imageHeight = image.naturalHeight;
    this.fitScale = this.computeFitScale();
    this.layoutCanvas();
    await this.imageReady();
    this.render();
    elementReady(this);
  }

  // Hook: reads `initial-value` once the layout exists.
  readInitialValue() {}

  // Hook: runs once the image size is known, before the element reports ready.
  async imageReady() {}

  imageFailedToLoad(src) {
    this.imageFailed = true;
    this.setStatus(`The image could not be loaded: ${src || '(no src attribute)'}`);
    console.warn(`gt-templates: <${this.localName}> could not load its image`, src);
    elementReady(this);
  }

  computeFitScale() {
    const width = this.stage.clientWidth || 800;
    const height = Math.max(200, window.innerHeight * 0.7);
    return Math.min(1, (width - 2) / this.imageWidth, height / this.imageHeight);
  }

  setZoom(zoom) {
    if (!this.imageWidth) {
      return;
    }
    this.zoom = clampNumber(zoom, 0.1, 20);
    this.layoutCanvas();
    this.render();
  }

  layoutCanvas() {
    const scale = this.fitScale * this.zoom;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = Math.max(1, Math.round(this.imageWidth * scale));
    const cssHeight = Math.max(1, Math.round(this.imageHeight * scale));
    this.canvas.style.width = `${cssWidth}px`;
    this.canvas.style.height = `${cssHeight}px`;
    this.canvas.width = Math.round(cssWidth * ratio);
    this.canvas.height = Math.round(cssHeight * ratio);
  }

  // CSS pixels per image pixel, as currently displayed.
  displayScale() {
    const rect = this.canvas.getBoundingClientRect();
    return rect.width / (this.imageWidth || 1);
  }

  // ----- drawing -----------------------------------------------------------

  requestRender() {
    if (this.renderQueued) {
      return;
    }
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  render() {
    if (!this.imageWidth) {
      return;
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.image, 0, 0, this.canvas.width, this.canvas.height);
    // From here on the context draws in image pixels.
    const scale = this.canvas.width / this.imageWidth;
    ctx.setTransform(scale, 0, 0, this.canvas.height / this.imageHeight, 0, 0);
    this.drawAnnotations(ctx, scale);
  }

  // Hook: draws the annotations; `scale` is device pixels per image pixel.
  drawAnnotations() {}

  // ----- pointer and keys --------------------------------------------------

  bindPointer() {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || !this.imageWidth) {
        return;
      }
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      this.stage.focus({ preventScroll: true });
      annotationKeyTarget = this;
      this.pointerDown = true;
      this.toolPointerDown(this.imagePoint(event), event);
      this.requestRender();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.imageWidth) {
        return;
      }
      this.toolPointerMove(this.imagePoint(event), event);
      this.requestRender();
    });
    const finish = (event) => {
      if (!this.pointerDown) {
        return;
      }
      this.pointerDown = false;
      this.toolPointerUp(this.imagePoint(event), event);
      this.requestRender();
    };
    canvas.addEventListener('pointerup', finish);
    canvas.addEventListener('pointercancel', finish);
    canvas.addEventListener('dblclick', (event) => {
      this.toolDoubleClick(this.imagePoint(event), event);
      this.requestRender();
    });
  }

  // Converts a pointer position to fractional image pixels, clamped to the image.
  imagePoint(event) {
    const rect = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) * this.imageWidth) / rect.width;
    const y = ((event.clientY - rect.top) * this.imageHeight) / rect.height;
    return { x: clampNumber(x, 0, this.imageWidth), y: clampNumber(y, 0, this.imageHeight) };
  }

  toolPointerDown() {}

  toolPointerMove() {}

  toolPointerUp() {}

  toolDoubleClick() {}

  handleToolKey(event) {
    const target = event.composedPath()[0];
    if (target && (target.localName === 'textarea' || (target.localName === 'input' && target.type !== 'range'))) {
      return;
    }
    if (this.toolKey(event)) {
      event.preventDefault();
      event.stopPropagation();
      this.requestRender();
    }
  }

  // Returns true when the key was used.
  toolKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return false;
    }
    if (/^[0-9]$/.test(event.key)) {
      const index = (Number(event.key) + 9) % 10;
      this.chooseLabel(index);
      return index < this._labels.length;
    }
    if (event.key === 'Delete' || event.key === 'Backspace') {
      this.deleteSelected();
      return true;
    }
    if (event.key === 'Escape') {
      this.cancelAction();
      return true;
    }
    if (event.key === 'Enter') {
      return this.finishAction();
    }
    if (event.key === '+' || event.key === '=') {
      this.setZoom(this.zoom * 1.5);
      return true;
    }
    if (event.key === '-') {
      this.setZoom(this.zoom / 1.5);
      return true;
    }
    return false;
  }

  deleteSelected() {}

  cancelAction() {}

  finishAction() {
    return false;
  }

  inputImageProperties() {
    return { height: this.imageHeight, width: this.imageWidth };
  }
}

// Shared shape editor for tools whose annotations are labelled vertex lists:
// keypoints (1 vertex), lines (2), polylines (2+) and polygons (3+, closed).
export class VertexShapeTool extends AnnotationTool {
  constructor() {
    super();
    this.shapes = [];
    this.initialShapes = [];
    this.selected = -1;
    this.draft = null;
    this.hover = null;
    this.drag = null;
  }

  // Subclass settings.
  get minVertices() {
    return 2;
  }

  get maxVertices() {
    return Infinity;
  }

  get closed() {
    return false;
  }

  // What one shape is called in messages and control names.
  get shapeNoun() {
    return 'shape';
  }

  toolControls() {
    const remove = this.button(`Delete selected ${this.shapeNoun}`, 'Delete', () => {
      this.deleteSelected();
      this.requestRender();
    });
    return [remove];
  }

  // Normalises one {label, vertices} entry to whole pixels.
  normalShape(item) {
    const vertices = Array.isArray(item && item.vertices) ? item.vertices : [];
    return {
      label: String(item && item.label !== undefined ? item.label : ''),
      vertices: vertices.map((v) => ({ x: toWholePixel(v && v.x), y: toWholePixel(v && v.y) })),
    };
  }

  setInitialShapes(items) {
    this.shapes = items.map((item) => this.normalShape(item));
    this.initialShapes = this.shapes.map((shape) => this.normalShape(shape));
  }

  shapesValue() {
    return this.shapes.map((shape) => this.normalShape(shape));
  }

  modifiedSinceInitial() {
    return !sameAnnotations(this.shapesValue(), this.initialShapes);
  }

  wholePoint(pt) {
    return {
      x: clampNumber(Math.round(pt.x), 0, this.imageWidth),
      y: clampNumber(Math.round(pt.y), 0, this.imageHeight),
    };
  }

  // Hit-test tolerance in image pixels for a few CSS pixels on screen.
  tolerance(cssPixels = 7) {
    return cssPixels / this.displayScale();
  }

  vertexAt(pt) {
    const limit = this.tolerance();
    const order = this.shapes.map((_, index) => index).reverse();
    if (this.selected >= 0) {
      order.unshift(this.selected);
    }
    for (const shapeIndex of order) {
      const vertices = this.shapes[shapeIndex].vertices;
      for (let v = 0; v < vertices.length; v += 1) {
        if (Math.hypot(vertices[v].x - pt.x, vertices[v].y - pt.y) <= limit) {
          return { shapeIndex, vertexIndex: v };
        }
      }
    }
    return null;
  }

  shapeAt(pt) {
    const limit = this.tolerance(5);
    for (let index = this.shapes.length - 1; index >= 0; index -= 1) {
      const vertices = this.shapes[index].vertices;
      if (this.closed && vertices.length >= 3 && pointInPolygon(pt, vertices)) {
        return index;
      }
      const count = this.closed ? vertices.length : vertices.length - 1;
      for (let v = 0; v < count; v += 1) {
        if (distanceToSegment(pt, vertices[v], vertices[(v + 1) % vertices.length]) <= limit) {
          return index;
        }
      }
    }
    return -1;
  }

  toolPointerDown(pt) {
    if (this.draft) {
      this.extendDraft(pt);
      return;
    }
    const vertex = this.vertexAt(pt);
    if (vertex) {
      this.select(vertex.shapeIndex);
      this.drag = { kind: 'vertex', ...vertex };
      return;
    }
    const shapeIndex = this.shapeAt(pt);
    if (shapeIndex >= 0) {
      this.select(shapeIndex);
      const original = this.shapes[shapeIndex].vertices.map((v) => ({ ...v }));
      this.drag = { kind: 'shape', shapeIndex, start: pt, original };
      return;
    }
    this.select(-1);
    this.startDraft(pt);
  }

  startDraft(pt) {
    const label = this.currentLabelName;
    if (label === undefined) {
      this.setStatus('Choose a label first.');
      return;
    }
    this.draft = { label, vertices: [this.wholePoint(pt)], downAt: pt };
    if (this.maxVertices === 1) {
      this.commitDraft();
    }
  }

  extendDraft(pt) {
    const vertices = this.draft.vertices;
    const limit = this.tolerance();
    const first = vertices[0];
    const last = vertices[vertices.length - 1];
    if (this.closed && vertices.length >= this.minVertices && Math.hypot(first.x - pt.x, first.y - pt.y) <= limit) {
      this.commitDraft();
      return;
    }
    if (!this.closed && vertices.length >= this.minVertices && Math.hypot(last.x - pt.x, last.y - pt.y) <= limit) {
      this.commitDraft();
      return;
    }
    vertices.push(this.wholePoint(pt));
    if (vertices.length >= this.maxVertices) {
      this.commitDraft();
    }
  }

  toolPointerMove(pt) {
    this.hover = pt;
    if (!this.drag || !this.pointerDown) {
      return;
    }
    const shape = this.shapes[this.drag.shapeIndex];
    if (this.drag.kind === 'vertex') {
      shape.vertices[this.drag.vertexIndex] = this.wholePoint(pt);
      return;
    }
    const dx = this.shapeShift(pt.x - this.drag.start.x, this.drag.original, 'x', this.imageWidth);
    const dy = this.shapeShift(pt.y - this.drag.start.y, this.drag.original, 'y', this.imageHeight);
    shape.vertices = this.drag.original.map((v) => ({ x: v.x + dx, y: v.y + dy }));
  }

  // Whole-pixel shift along one axis that keeps every vertex on the image.
  shapeShift(delta, vertices, axis, size) {
    const values = vertices.map((v) => v[axis]);
    return clampNumber(Math.round(delta), -Math.min(...values), size - Math.max(...values));
  }

  toolPointerUp(pt) {
    this.drag = null;
    // A line can also be drawn by dragging from its first point to its second.
    const draft = this.draft;
    if (draft && this.maxVertices === 2 && draft.vertices.length === 1
        && Math.hypot(pt.x - draft.downAt.x, pt.y - draft.downAt.y) > this.tolerance(5)) {
      this.extendDraft(pt);
    }
  }

  toolDoubleClick() {
    this.finishAction();
  }

  finishAction() {
    if (!this.draft) {
      return false;
    }
    this.commitDraft();
    return true;
  }

  commitDraft() {
    const draft = this.draft;
    this.draft = null;
    const vertices = draft.vertices.filter((v, i, all) => i === 0 || v.x !== all[i - 1].x || v.y !== all[i - 1].y);
    if (this.closed && vertices.length > 1 && vertices[0].x === vertices[vertices.length - 1].x
        && vertices[0].y === vertices[vertices.length - 1].y) {
      vertices.pop();
    }
    if (vertices.length < this.minVertices) {
      this.setStatus(`A ${this.shapeNoun} needs at least ${this.minVertices} different points.`);
      return;
    }
    // A new shape is not selected, so picking the next label cannot relabel it.
    this.shapes.push({ label: draft.label, vertices });
    this.select(-1);
    this.setStatus('');
  }

  select(index) {
    this.selected = index;
    if (index >= 0) {
      const labelIndex = this._labels.indexOf(this.shapes[index].label);
      if (labelIndex >= 0) {
        this.currentLabel = labelIndex;
        this.renderLabelPicker();
      }
    }
  }

  labelChosen(label) {
    if (this.draft) {
      this.draft.label = label;
    } else if (this.selected >= 0) {
      this.shapes[this.selected].label = label;
    }
  }

  deleteSelected() {
    if (this.draft) {
      this.draft.vertices.pop();
      if (this.draft.vertices.length === 0) {
        this.draft = null;
      }
      return;
    }
    if (this.selected >= 0) {
      this.shapes.splice(this.selected, 1);
      this.selected = -1;
    }
  }

  cancelAction() {
    if (this.draft) {
      this.draft = null;
    } else {
      this.selected = -1;
    }
  }

  drawAnnotations(ctx, scale) {
    const unit = 1 / scale;
    this.shapes.forEach((shape, index) => this.drawShape(ctx, shape, unit, index === this.selected, false));
    if (this.draft) {
      const vertices = this.hover && this.maxVertices > 1
        ? [...this.draft.vertices, this.wholePoint(this.hover)]
        : this.draft.vertices;
      this.drawShape(ctx, { label: this.draft.label, vertices }, unit, true, true);
    }
  }

  drawShape(ctx, shape, unit, selected, isDraft) {
    const color = this.colorFor(shape.label);
    const vertices = shape.vertices;
    ctx.lineWidth = (selected ? 3 : 2) * unit * (window.devicePixelRatio || 1);
    ctx.strokeStyle = color;
    ctx.setLineDash(isDraft ? [6 * unit, 4 * unit] : []);
    if (vertices.length > 1) {
      ctx.beginPath();
      vertices.forEach((v, i) => (i === 0 ? ctx.moveTo(v.x, v.y) : ctx.lineTo(v.x, v.y)));
      if (this.closed && !isDraft) {
        ctx.closePath();
        ctx.fillStyle = `${color}40`;
        ctx.fill();
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    this.drawVertices(ctx, vertices, color, unit, selected);
    if (vertices.length) {
      this.drawTag(ctx, shape.label, vertices[0], color, unit);
    }
  }

  drawVertices(ctx, vertices, color, unit, selected) {
    const ratio = window.devicePixelRatio || 1;
    for (const v of vertices) {
      ctx.beginPath();
      ctx.arc(v.x, v.y, (selected ? 5 : 4) * unit * ratio, 0, Math.PI * 2);
      ctx.fillStyle = selected ? '#ffffff' : color;
      ctx.fill();
      ctx.lineWidth = 1.5 * unit * ratio;
      ctx.strokeStyle = color;
      ctx.stroke();
    }
  }

  drawTag(ctx, text, at, color, unit) {
    const ratio = window.devicePixelRatio || 1;
    ctx.font = `${12 * unit * ratio}px sans-serif`;
    ctx.fillStyle = color;
    ctx.fillText(text, at.x + 6 * unit * ratio, at.y - 6 * unit * ratio);
  }
}

// Base for crowd-line and crowd-polyline: the answer lists the shapes under
// `answerKey`, plus whether they changed when an initial-value (that answer
// or a bare list) was given; label-colors may set the label colours.
export class LineShapeTool extends VertexShapeTool {
  labelColorAt(index) {
    return lineColorAttribute(this, index);
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    this.hasInitialValue = initial !== null;
    const key = this.answerKey;
    const lines = initial && Array.isArray(initial[key]) ? initial[key] : Array.isArray(initial) ? initial : [];
    this.setInitialShapes(lines);
  }

  get value() {
    const result = {
      inputImageProperties: this.inputImageProperties(),
      [this.answerKey]: this.shapesValue(),
    };
    if (this.hasInitialValue) {
      result.initialValueModified = this.modifiedSinceInitial();
    }
    return result;
  }
}

// A label-index mask at image resolution (0 = background). Painting writes
// whole pixels only, so the encoded PNG holds exact colours and no blending.
export class LabelMask {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height);
    this.colors = [[255, 255, 255]];
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.context = this.canvas.getContext('2d');
    this.pixels = this.context.createImageData(width, height);
  }

  // colors[i] is the [r, g, b] of mask value i + 1.
  setColors(colors) {
    this.colors = [[255, 255, 255], ...colors];
    this.refresh(0, 0, this.width, this.height);
  }

  // Paints a disc of `size` pixels across centred on the pixel under (x, y).
  paintDisc(x, y, size, value) {
    const cx = Math.floor(x);
    const cy = Math.floor(y);
    const radius = (size - 1) / 2;
    const reach = Math.ceil(radius);
    const x0 = Math.max(0, cx - reach);
    const x1 = Math.min(this.width - 1, cx + reach);
    const y0 = Math.max(0, cy - reach);
    const y1 = Math.min(this.height - 1, cy + reach);
    for (let py = y0; py <= y1; py += 1) {
      for (let px = x0; px <= x1; px += 1) {
        if ((px - cx) ** 2 + (py - cy) ** 2 <= radius * radius + 0.25) {
          this.data[py * this.width + px] = value;
        }
      }
    }
    if (x1 >= x0 && y1 >= y0) {
      this.refresh(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }
  }

  // Paints discs along a stroke so fast pointer moves leave no gaps.
  paintStroke(from, to, size, value) {
    const length = Math.hypot(to.x - from.x, to.y - from.y);
    const steps = Math.max(1, Math.ceil(length / Math.max(0.5, size / 4)));
    for (let step = 1; step <= steps; step += 1) {
      const t = step / steps;
      this.paintDisc(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, size, value);
    }
  }

  // Rewrites the display pixels of one rectangle (label colours opaque,
  // background transparent) and uploads them to the overlay canvas.
  refresh(x, y, w, h) {
    const out = this.pixels.data;
    for (let py = y; py < y + h; py += 1) {
      for (let px = x; px < x + w; px += 1) {
        const index = py * this.width + px;
        const value = this.data[index];
        const rgb = this.colors[value] || this.colors[0];
        out[index * 4] = rgb[0];
        out[index * 4 + 1] = rgb[1];
        out[index * 4 + 2] = rgb[2];
        out[index * 4 + 3] = value === 0 ? 0 : 255;
      }
    }
    this.context.putImageData(this.pixels, 0, 0, x, y, w, h);
  }

  // Encodes the mask as an opaque PNG: white background, exact label colours.
  encodePng() {
    const canvas = document.createElement('canvas');
    canvas.width = this.width;
    canvas.height = this.height;
    const context = canvas.getContext('2d');
    const image = context.createImageData(this.width, this.height);
    const out = image.data;
    for (let index = 0; index < this.data.length; index += 1) {
      const rgb = this.colors[this.data[index]] || this.colors[0];
      out[index * 4] = rgb[0];
      out[index * 4 + 1] = rgb[1];
      out[index * 4 + 2] = rgb[2];
      out[index * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  // Fills the mask from decoded RGBA pixels of any size (nearest pixel),
  // keeping only exact matches of the known colours.
  loadPixels(rgba, sourceWidth, sourceHeight) {
    const lookup = new Map();
    this.colors.forEach((rgb, value) => {
      if (value > 0 && !lookup.has(rgbKey(rgb))) {
        lookup.set(rgbKey(rgb), value);
      }
    });
    for (let py = 0; py < this.height; py += 1) {
      const sy = Math.min(sourceHeight - 1, Math.floor(((py + 0.5) * sourceHeight) / this.height));
      for (let px = 0; px < this.width; px += 1) {
        const sx = Math.min(sourceWidth - 1, Math.floor(((px + 0.5) * sourceWidth) / this.width));
        const at = (sy * sourceWidth + sx) * 4;
        const opaque = rgba[at + 3] >= 128;
        const value = opaque ? lookup.get(rgbKey([rgba[at], rgba[at + 1], rgba[at + 2]])) : undefined;
        this.data[py * this.width + px] = value || 0;
      }
    }
    this.refresh(0, 0, this.width, this.height);
  }

  // Pixel counts per mask value.
  counts() {
    const counts = new Uint32Array(256);
    for (const value of this.data) {
      counts[value] += 1;
    }
    return counts;
  }

  equals(other) {
    if (!other || other.length !== this.data.length) {
      return false;
    }
    for (let index = 0; index < other.length; index += 1) {
      if (other[index] !== this.data[index]) {
        return false;
      }
    }
    return true;
  }
}

function rgbKey(rgb) {
  return (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
}

// Decodes a label PNG to raw RGBA without colour management, so stored
// colours come back exactly. Falls back to an <img> when fetch is not allowed.
export async function decodeLabelImage(src) {
  let bitmap;
  try {
    const response = await fetch(src);
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const blob = await response.blob();
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    // fetch is refused for file:// pages and non-CORS origins; an <img> may still work.
    bitmap = await labelImageElement(src);
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  return { data: context.getImageData(0, 0, bitmap.width, bitmap.height).data, width: bitmap.width, height: bitmap.height };
}

async function labelImageElement(src) {
  const image = new Image();
  if (/^https?:/i.test(src) && new URL(src, document.baseURI).origin !== window.location.origin) {
    image.crossOrigin = 'anonymous';
  }
  await new Promise((resolve, reject) => {
    image.onload = resolve;
    image.onerror = () => reject(new Error(`cannot load ${src}`));
    image.src = src;
  });
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas;
}

// Brush / eraser / brush-size / opacity controls shared by both segmentation tools.
export class MaskPaintTool extends AnnotationTool {
  constructor() {
    super();
    this.mask = null;
    this.initialMask = null;
    this.erasing = false;
    this.brushSize = 15;
    this.opacity = 0.6;
    this.lastPaint = null;
  }

  toolControls() {
    this.brushButton = this.button('Brush', 'Brush', () => this.setErasing(false), { class: 'gt-toggle', 'aria-pressed': 'true' });
    this.eraserButton = this.button('Eraser', 'Eraser', () => this.setErasing(true), { class: 'gt-toggle', 'aria-pressed': 'false' });
    const size = createNode('input', { type: 'range', min: '1', max: '500', value: String(this.brushSize), 'aria-label': 'Brush size in image pixels' });
    size.addEventListener('input', () => {
      this.brushSize = Number(size.value);
    });
    this.sizeInput = size;
    const opacity = createNode('input', { type: 'range', min: '0', max: '100', value: String(this.opacity * 100), 'aria-label': 'Label opacity' });
    opacity.addEventListener('input', () => {
      this.opacity = Number(opacity.value) / 100;
      this.requestRender();
    });
    const sizeLabel = createNode('label', { class: 'gt-group' }, 'Size');
    sizeLabel.append(size);
    const opacityLabel = createNode('label', { class: 'gt-group' }, 'Opacity');
    opacityLabel.append(opacity);
    return [this.brushButton, this.eraserButton, sizeLabel, opacityLabel];
  }

  setErasing(erasing) {
    this.erasing = erasing;
    this.brushButton.setAttribute('aria-pressed', String(!erasing));
    this.eraserButton.setAttribute('aria-pressed', String(erasing));
  }

  setBrushSize(size) {
    this.brushSize = clampNumber(Math.round(size), 1, 500);
    this.sizeInput.value = String(this.brushSize);
  }

  toolKey(event) {
    if (event.key === 'b' || event.key === 'e') {
      this.setErasing(event.key === 'e');
      return true;
    }
    if (event.key === '[' || event.key === ']') {
      this.setBrushSize(this.brushSize + (event.key === ']' ? 1 : -1) * Math.max(1, Math.round(this.brushSize / 5)));
      return true;
    }
    return super.toolKey(event);
  }

  // Hook: the mask value painted by the brush (0 = nothing to paint with).
  paintValue() {
    return 0;
  }

  toolPointerDown(pt) {
    const value = this.erasing ? 0 : this.paintValue();
    if (!this.erasing && value === 0) {
      this.setStatus('Choose a label first.');
      return;
    }
    this.lastPaint = { pt, value };
    this.mask.paintDisc(pt.x, pt.y, this.brushSize, value);
    this.valueCache = null;
  }

  toolPointerMove(pt) {
    this.hover = pt;
    if (!this.pointerDown || !this.lastPaint) {
      return;
    }
    this.mask.paintStroke(this.lastPaint.pt, pt, this.brushSize, this.lastPaint.value);
    this.lastPaint.pt = pt;
    this.valueCache = null;
  }

  toolPointerUp() {
    this.lastPaint = null;
  }

  drawAnnotations(ctx, scale) {
    if (!this.mask) {
      return;
    }
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = this.opacity;
    ctx.drawImage(this.mask.canvas, 0, 0);
    ctx.restore();
    if (this.hover) {
      const ratio = window.devicePixelRatio || 1;
      ctx.beginPath();
      ctx.arc(Math.floor(this.hover.x) + 0.5, Math.floor(this.hover.y) + 0.5, Math.max(0.5, this.brushSize / 2), 0, Math.PI * 2);
      ctx.lineWidth = (ratio / scale) * 1.5;
      ctx.strokeStyle = this.erasing ? '#000000' : '#ffffff';
      ctx.stroke();
    }
  }

  async loadInitialPng(src) {
    try {
      const decoded = await decodeLabelImage(src);
      this.mask.loadPixels(decoded.data, decoded.width, decoded.height);
    } catch (error) {
      this.setStatus(`The initial label image could not be read: ${src}`);
      console.warn(`gt-templates: <${this.localName}> could not read initial-value src`, src, error);
    }
    this.initialMask = this.mask.data.slice();
  }

  labeledImage() {
    if (!this.valueCache) {
      this.valueCache = { pngImageData: this.mask.encodePng() };
    }
    return { pngImageData: this.valueCache.pngImageData };
  }
}
