// <crowd-polyline>: draw labelled open polylines. Click to add vertices;
// click the last vertex again, double-click or press Enter to finish.

import { defineElement } from './_support.js';
import { LineShapeTool } from './_annotation.js';

export class CrowdPolyline extends LineShapeTool {
  get minVertices() {
    return 2;
  }

  get shapeNoun() {
    return 'polyline';
  }

  get answerKey() {
    return 'polylines';
  }
}

defineElement('crowd-polyline', CrowdPolyline);
