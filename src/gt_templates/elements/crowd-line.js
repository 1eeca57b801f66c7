// <crowd-line>: draw labelled two-point lines, by two clicks or one drag.

import { defineElement } from './_support.js';
import { LineShapeTool } from './_annotation.js';

export class CrowdLine extends LineShapeTool {
  get minVertices() {
    return 2;
  }

  get maxVertices() {
    return 2;
  }

  get shapeNoun() {
    return 'line';
  }

  get answerKey() {
    return 'lines';
  }
}

defineElement('crowd-line', CrowdLine);
