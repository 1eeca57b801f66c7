// <crowd-line>: draw labelled two-point lines, by two clicks or one drag.

import { defineElement, readJsonAttribute } from './_support.js';
import { VertexShapeTool, lineColorAttribute } from './_annotation.js';

export class CrowdLine extends VertexShapeTool {
  get minVertices() {
    return 2;
  }

  get maxVertices() {
    return 2;
  }

  get shapeNoun() {
    return 'line';
  }

  toolControls() {
    return [this.button('Delete selected line', 'Delete', () => {
      this.deleteSelected();
      this.requestRender();
    })];
  }

  labelColorAt(index) {
    return lineColorAttribute(this, index);
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    this.hasInitialValue = initial !== null;
    const lines = initial && Array.isArray(initial.lines) ? initial.lines : Array.isArray(initial) ? initial : [];
    this.setInitialShapes(lines);
  }

  get value() {
    const result = {
      inputImageProperties: this.inputImageProperties(),
      lines: this.shapesValue(),
    };
    if (this.hasInitialValue) {
      result.initialValueModified = this.modifiedSinceInitial();
    }
    return result;
  }
}

defineElement('crowd-line', CrowdLine);
