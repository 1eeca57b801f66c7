// <crowd-keypoint>: place, move, relabel and delete labelled points.

import { defineElement, readJsonAttribute } from './_support.js';
import { VertexShapeTool } from './_annotation.js';

export class CrowdKeypoint extends VertexShapeTool {
  get minVertices() {
    return 1;
  }

  get maxVertices() {
    return 1;
  }

  get shapeNoun() {
    return 'keypoint';
  }

  readInitialValue() {
    const initial = readJsonAttribute(this, 'initial-value', null);
    const points = Array.isArray(initial) ? initial : [];
    this.setInitialShapes(points.map((point) => ({ label: point && point.label, vertices: [point || {}] })));
  }

  get value() {
    return {
      inputImageProperties: this.inputImageProperties(),
      keypoints: this.shapesValue().map((shape) => ({
        label: shape.label,
        x: shape.vertices[0].x,
        y: shape.vertices[0].y,
      })),
    };
  }
}

defineElement('crowd-keypoint', CrowdKeypoint);
