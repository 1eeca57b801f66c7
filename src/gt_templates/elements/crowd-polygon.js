// <crowd-polygon>: draw labelled polygons. Click to add vertices; click the
// first vertex, double-click or press Enter to close the polygon.

import { defineElement, readJsonAttribute } from './_support.js';
import { VertexShapeTool } from './_annotation.js';

export class CrowdPolygon extends VertexShapeTool {
  get minVertices() {
    return 3;
  }

  get closed() {
    return true;
  }

  get shapeNoun() {
    return 'polygon';
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    this.setInitialShapes(Array.isArray(initial) ? initial : []);
  }

  get value() {
    return {
      inputImageProperties: this.inputImageProperties(),
      polygons: this.shapesValue(),
    };
  }
}

defineElement('crowd-polygon', CrowdPolygon);
