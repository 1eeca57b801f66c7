// <crowd-instance-segmentation>: paint individual object instances. Each
// instance has a label and its own colour; the answer PNG holds the white
// background and exactly the colours of the listed instances.

import { createNode, defineElement, readJsonAttribute } from './_support.js';
import { LabelMask, MaskPaintTool, distinctColor, hexColor, parseHexColor } from './_annotation.js';

export class CrowdInstanceSegmentation extends MaskPaintTool {
  constructor() {
    super();
    this.instances = [];
    this.currentInstance = -1;
    this.initialSrc = null;
  }

  toolControls() {
    const add = this.button('Add instance', 'Add instance', () => this.addInstance());
    this.instanceList = createNode('div', { class: 'gt-labels', role: 'group', 'aria-label': 'Instances' });
    return [...super.toolControls(), add, this.instanceList];
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    if (!initial || typeof initial !== 'object') {
      return;
    }
    const listed = Array.isArray(initial.instances) ? initial.instances : [];
    for (const item of listed) {
      const rgb = parseHexColor(item && item.color);
      if (rgb && this.instances.length < 255) {
        this.instances.push({ label: String(item.label), rgb });
      }
    }
    this.initialSrc = initial.src ? String(initial.src) : null;
    this.currentInstance = this.instances.length - 1;
    this.renderInstances();
  }

  async imageReady() {
    this.mask = new LabelMask(this.imageWidth, this.imageHeight);
    this.mask.setColors(this.instances.map((instance) => instance.rgb));
    if (this.initialSrc) {
      await this.loadInitialPng(this.initialSrc);
    }
  }

  nextColor() {
    const used = new Set(['#ffffff', ...this.instances.map((instance) => hexColor(instance.rgb))]);
    let n = 0;
    while (used.has(distinctColor(n))) {
      n += 1;
    }
    return parseHexColor(distinctColor(n));
  }

  addInstance() {
    const label = this.currentLabelName;
    if (label === undefined) {
      this.setStatus('Choose a label first.');
      return;
    }
    if (this.instances.length >= 255) {
      this.setStatus('No more than 255 instances can be painted.');
      return;
    }
    this.instances.push({ label, rgb: this.nextColor() });
    this.currentInstance = this.instances.length - 1;
    if (this.mask) {
      this.mask.setColors(this.instances.map((instance) => instance.rgb));
    }
    this.renderInstances();
  }

  // Choosing a label continues its latest instance, or starts the first one.
  labelChosen(label) {
    const current = this.instances[this.currentInstance];
    if (current && current.label === label) {
      return;
    }
    const latest = this.instances.map((instance) => instance.label).lastIndexOf(label);
    if (latest >= 0) {
      this.selectInstance(latest);
    } else {
      this.addInstance();
    }
  }

  selectInstance(index) {
    this.currentInstance = index;
    const labelIndex = this._labels.indexOf(this.instances[index].label);
    if (labelIndex >= 0 && labelIndex !== this.currentLabel) {
      this.currentLabel = labelIndex;
      this.renderLabelPicker();
    }
    this.renderInstances();
  }

  renderInstances() {
    if (!this.instanceList) {
      return;
    }
    const numbers = new Map();
    this.instanceList.replaceChildren(...this.instances.map((instance, index) => {
      const number = (numbers.get(instance.label) || 0) + 1;
      numbers.set(instance.label, number);
      const name = `${instance.label} #${number}`;
      const node = this.button(`Instance ${name}`, '', () => this.selectInstance(index), {
        'aria-pressed': String(index === this.currentInstance),
      });
      const swatch = createNode('span', { class: 'gt-swatch', 'aria-hidden': 'true' });
      swatch.style.background = hexColor(instance.rgb);
      node.append(swatch, name);
      return node;
    }));
  }

  toolKey(event) {
    if (event.key === 'n') {
      this.addInstance();
      return true;
    }
    return super.toolKey(event);
  }

  paintValue() {
    if (this.currentInstance < 0 && this.currentLabelName !== undefined) {
      this.addInstance();
    }
    return this.currentInstance + 1;
  }

  get value() {
    if (!this.mask) {
      return undefined;
    }
    const counts = this.mask.counts();
    return {
      inputImageProperties: this.inputImageProperties(),
      instances: this.instances
        .filter((_, index) => counts[index + 1] > 0)
        .map((instance) => ({ color: hexColor(instance.rgb), label: instance.label })),
      labeledImage: this.labeledImage(),
    };
  }
}

defineElement('crowd-instance-segmentation', CrowdInstanceSegmentation);
