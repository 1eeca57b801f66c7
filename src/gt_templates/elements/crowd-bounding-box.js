// <crowd-bounding-box>: draw, select, move, resize, relabel and delete
// labelled rectangles. Boxes are kept in whole image pixels.

import { defineElement, readJsonAttribute } from './_support.js';
import { AnnotationTool, clampNumber, sameAnnotations, toWholePixel } from './_annotation.js';

const BOX_CORNERS = ['nw', 'ne', 'sw', 'se'];

function boxCorner(box, corner) {
  return {
    x: corner.endsWith('w') ? box.left : box.left + box.width,
    y: corner.startsWith('n') ? box.top : box.top + box.height,
  };
}

function normalBox(item) {
  return {
    height: Math.abs(toWholePixel(item && item.height)),
    label: String(item && item.label !== undefined ? item.label : ''),
    left: toWholePixel(item && item.left),
    top: toWholePixel(item && item.top),
    width: Math.abs(toWholePixel(item && item.width)),
  };
}

export class CrowdBoundingBox extends AnnotationTool {
  constructor() {
    super();
    this.boxes = [];
    this.initialBoxes = [];
    this.selected = -1;
    this.drag = null;
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    this.hasInitialValue = Array.isArray(initial);
    this.boxes = this.hasInitialValue ? initial.map(normalBox) : [];
    this.initialBoxes = this.boxes.map(normalBox);
  }

  get value() {
    const result = {
      boundingBoxes: this.boxes.map(normalBox),
      inputImageProperties: this.inputImageProperties(),
    };
    if (this.hasInitialValue) {
      result.initialValueModified = !sameAnnotations(result.boundingBoxes, this.initialBoxes);
    }
    return result;
  }

  toolControls() {
    return [this.button('Delete selected box', 'Delete', () => {
      this.deleteSelected();
      this.requestRender();
    })];
  }

  // Rectangle spanned by two image points, in whole pixels inside the image.
  boxBetween(a, b, label) {
    const left = clampNumber(Math.round(Math.min(a.x, b.x)), 0, this.imageWidth);
    const top = clampNumber(Math.round(Math.min(a.y, b.y)), 0, this.imageHeight);
    const right = clampNumber(Math.round(Math.max(a.x, b.x)), 0, this.imageWidth);
    const bottom = clampNumber(Math.round(Math.max(a.y, b.y)), 0, this.imageHeight);
    return { height: bottom - top, label, left, top, width: right - left };
  }

  cornerAt(pt) {
    if (this.selected < 0) {
      return null;
    }
    const limit = 8 / this.displayScale();
    const box = this.boxes[this.selected];
    return BOX_CORNERS.find((corner) => {
      const at = boxCorner(box, corner);
      return Math.abs(at.x - pt.x) <= limit && Math.abs(at.y - pt.y) <= limit;
    }) || null;
  }

  boxAt(pt) {
    for (let index = this.boxes.length - 1; index >= 0; index -= 1) {
      const box = this.boxes[index];
      if (pt.x >= box.left && pt.x <= box.left + box.width && pt.y >= box.top && pt.y <= box.top + box.height) {
        return index;
      }
    }
    return -1;
  }

  toolPointerDown(pt) {
    const corner = this.cornerAt(pt);
    if (corner) {
      const opposite = boxCorner(this.boxes[this.selected], { nw: 'se', ne: 'sw', sw: 'ne', se: 'nw' }[corner]);
      this.drag = { kind: 'resize', fixed: opposite };
      return;
    }
    if (this.selected >= 0 && this.boxAt(pt) === this.selected) {
      this.drag = { kind: 'move', start: pt, original: { ...this.boxes[this.selected] } };
      return;
    }
    // Pressing on another box selects it on release unless the pointer moves,
    // in which case a new box is drawn (boxes may overlap).
    this.drag = { kind: 'new', start: pt, candidate: this.boxAt(pt), box: null };
  }

  toolPointerMove(pt) {
    const drag = this.drag;
    if (!drag || !this.pointerDown) {
      return;
    }
    if (drag.kind === 'resize') {
      const label = this.boxes[this.selected].label;
      this.boxes[this.selected] = this.boxBetween(drag.fixed, pt, label);
    } else if (drag.kind === 'move') {
      const box = drag.original;
      const left = clampNumber(Math.round(box.left + pt.x - drag.start.x), 0, this.imageWidth - box.width);
      const top = clampNumber(Math.round(box.top + pt.y - drag.start.y), 0, this.imageHeight - box.height);
      this.boxes[this.selected] = { ...box, left, top };
    } else if (this.currentLabelName !== undefined
        && (drag.box || Math.hypot(pt.x - drag.start.x, pt.y - drag.start.y) * this.displayScale() > 3)) {
      drag.box = this.boxBetween(drag.start, pt, this.currentLabelName);
    }
  }

  toolPointerUp(pt) {
    const drag = this.drag;
    this.drag = null;
    if (!drag || drag.kind !== 'new') {
      return;
    }
    if (!drag.box) {
      this.select(drag.candidate);
      return;
    }
    if (this.currentLabelName === undefined) {
      this.setStatus('Choose a label first.');
      return;
    }
    const box = this.boxBetween(drag.start, pt, this.currentLabelName);
    // A new box is not selected, so picking the next label cannot relabel it.
    if (box.width > 0 && box.height > 0) {
      this.boxes.push(box);
      this.select(-1);
    }
  }

  select(index) {
    this.selected = index;
    const labelIndex = index >= 0 ? this._labels.indexOf(this.boxes[index].label) : -1;
    if (labelIndex >= 0 && labelIndex !== this.currentLabel) {
      this.currentLabel = labelIndex;
      this.renderLabelPicker();
    }
    this.setStatus(index >= 0 ? `Selected box ${index + 1} (${this.boxes[index].label}).` : '');
  }

  labelChosen(label) {
    if (this.selected >= 0) {
      this.boxes[this.selected] = { ...this.boxes[this.selected], label };
    }
  }

  deleteSelected() {
    if (this.selected >= 0) {
      this.boxes.splice(this.selected, 1);
      this.select(-1);
    }
  }

  cancelAction() {
    this.drag = null;
    this.select(-1);
  }

  drawAnnotations(ctx, scale) {
    const px = (window.devicePixelRatio || 1) / scale;
    this.boxes.forEach((box, index) => this.drawBox(ctx, box, px, index === this.selected, false));
    if (this.drag && this.drag.box) {
      this.drawBox(ctx, this.drag.box, px, false, true);
    }
  }

  drawBox(ctx, box, px, selected, isDraft) {
    const color = this.colorFor(box.label);
    ctx.strokeStyle = color;
    ctx.lineWidth = (selected ? 3 : 2) * px;
    ctx.setLineDash(isDraft ? [6 * px, 4 * px] : []);
    ctx.strokeRect(box.left, box.top, box.width, box.height);
    ctx.setLineDash([]);
    ctx.font = `${12 * px}px sans-serif`;
    const textWidth = ctx.measureText(box.label).width;
    ctx.fillStyle = color;
    ctx.fillRect(box.left, box.top - 16 * px, textWidth + 8 * px, 16 * px);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(box.label, box.left + 4 * px, box.top - 4 * px);
    if (selected) {
      for (const corner of BOX_CORNERS) {
        const at = boxCorner(box, corner);
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(at.x - 4 * px, at.y - 4 * px, 8 * px, 8 * px);
        ctx.strokeRect(at.x - 4 * px, at.y - 4 * px, 8 * px, 8 * px);
      }
    }
  }
}

defineElement('crowd-bounding-box', CrowdBoundingBox);
