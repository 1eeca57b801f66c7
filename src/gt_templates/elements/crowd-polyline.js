// <crowd-polyline>: draw labelled open polylines. Click to add vertices;
// click the last vertex again, double-click or press Enter to finish.

import { defineElement, readJsonAttribute } from './_support.js';
import { VertexShapeTool, lineColorAttribute } from './_annotation.js';

export class CrowdPolyline extends VertexShapeTool {
  get minVertices() {
    return 2;
  }

  get shapeNoun() {
    return 'polyline';
  }

  toolControls() {
    return [this.button('Delete selected polyline', 'Delete', () => {
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
    const lines = initial && Array.isArray(initial.polylines) ? initial.polylines : Array.isArray(initial) ? initial : [];
    this.setInitialShapes(lines);
  }

  get value() {
    const result = {
      inputImageProperties: this.inputImageProperties(),
      polylines: this.shapesValue(),
    };
    if (this.hasInitialValue) {
      result.initialValueModified = this.modifiedSinceInitial();
    }
    return result;
  }
}

defineElement('crowd-polyline', CrowdPolyline);
