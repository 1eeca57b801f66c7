// <crowd-semantic-segmentation>: paint image pixels with labels using a
// brush and an eraser. The answer PNG has the image's size; every pixel is
// either the white background or exactly one label colour (no blending).

import { defineElement, readJsonAttribute } from './_support.js';
import { LabelMask, MaskPaintTool, distinctColor, hexColor, parseHexColor } from './_annotation.js';

export class CrowdSemanticSegmentation extends MaskPaintTool {
  constructor() {
    super();
    this.labelMappings = {};
    this.initialSrc = null;
    this.colorTable = [];
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    this.hasInitialValue = Boolean(initial && typeof initial === 'object');
    if (!this.hasInitialValue) {
      return;
    }
    const mappings = initial.labelMappings && typeof initial.labelMappings === 'object' ? initial.labelMappings : {};
    for (const [label, mapping] of Object.entries(mappings)) {
      const rgb = parseHexColor(mapping && mapping.color);
      if (rgb) {
        this.labelMappings[label] = rgb;
      }
    }
    // Labels present only in the mappings stay paintable so no loaded pixel is lost.
    const extra = Object.keys(this.labelMappings).filter((label) => !this._labels.includes(label));
    this._labels = [...this._labels, ...extra];
    this.initialSrc = initial.src ? String(initial.src) : null;
    this.resolveColors();
    this.renderLabelPicker();
  }

  // Mapped colours first; the rest take palette colours nobody uses yet.
  resolveColors() {
    const used = new Set(['#ffffff']);
    const table = this._labels.map((label) => {
      const mapped = this.labelMappings[label];
      if (mapped) {
        used.add(hexColor(mapped));
      }
      return mapped || null;
    });
    let next = 0;
    this.colorTable = table.map((rgb) => {
      if (rgb) {
        return rgb;
      }
      while (used.has(distinctColor(next))) {
        next += 1;
      }
      used.add(distinctColor(next));
      return parseHexColor(distinctColor(next));
    });
    if (this.mask) {
      this.mask.setColors(this.colorTable);
      this.valueCache = null;
    }
  }

  labelColorAt(index) {
    if (this.colorTable.length !== this._labels.length) {
      this.resolveColors();
    }
    return hexColor(this.colorTable[index]);
  }

  set labels(value) {
    const before = this._labels.slice();
    super.labels = value;
    this.remapMask(before);
    this.resolveColors();
  }

  get labels() {
    return super.labels;
  }

  // Keeps painted pixels attached to their label name when `labels` changes.
  remapMask(before) {
    if (!this.mask) {
      return;
    }
    const map = new Uint8Array(256);
    before.forEach((label, index) => {
      map[index + 1] = this._labels.indexOf(label) + 1;
    });
    const data = this.mask.data;
    for (let index = 0; index < data.length; index += 1) {
      data[index] = map[data[index]];
    }
    if (this.initialMask) {
      this.initialMask = this.initialMask.map((value) => map[value]);
    }
  }

  async imageReady() {
    this.mask = new LabelMask(this.imageWidth, this.imageHeight);
    this.resolveColors();
    if (this.initialSrc) {
      await this.loadInitialPng(this.initialSrc);
    } else {
      this.initialMask = this.mask.data.slice();
    }
  }

  paintValue() {
    return this.currentLabelName === undefined ? 0 : this.currentLabel + 1;
  }

  get value() {
    if (!this.mask) {
      return undefined;
    }
    const labelMappings = {};
    this._labels.forEach((label, index) => {
      labelMappings[label] = { color: hexColor(this.colorTable[index]) };
    });
    const result = {
      inputImageProperties: this.inputImageProperties(),
      labelMappings,
      labeledImage: this.labeledImage(),
    };
    if (this.hasInitialValue) {
      result.initialValueModified = !this.mask.equals(this.initialMask);
    }
    return result;
  }
}

defineElement('crowd-semantic-segmentation', CrowdSemanticSegmentation);
