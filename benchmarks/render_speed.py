"""Render a 200-line verification template with 50 boxes over and over.

Prints the median time per ``render_ui_template`` call and its ratio to bare
python-liquid rendering an already-parsed copy of the same template.
Targets: median under 3 ms, ratio under 1.5.
"""

from __future__ import annotations

import json
import statistics
import time

from liquid import Environment

from gt_templates import ground_truth_environment, render_ui_template
from gt_templates.s3 import LocalPresigner

HEAD = """<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-image-classifier
    name="verification"
    src="{{ task.input.taskObject | grant_read_access }}"
    header="Are the boxes right?"
    categories="{{ task.input.labels | to_json | escape }}"
    overlay="{
      boundingBox: {
        labels: {{ task.input.manifestLine['bbox-metadata']['class-map'] | map: 'x' | to_json }},
        value: [
          {% for box in task.input.manifestLine.bbox.annotations %}
            {% capture class_id %}{{ box.class_id }}{% endcapture %}
            {% assign label = task.input.manifestLine['bbox-metadata']['class-map'][class_id] %}
            { label: {{ label | to_json }}, left: {{ box.left }}, top: {{ box.top }},
              width: {{ box.width }}, height: {{ box.height }} },
          {% endfor %}
        ]
      }
    }"
  >
    <full-instructions header="How to verify">
"""
TAIL = """    </full-instructions>
    <short-instructions>
      <p>Choose the verdict that fits the boxes drawn on the image.</p>
    </short-instructions>
    <worker-comment header="Comment" link-text="Add a comment" placeholder="Why?">
    </worker-comment>
  </crowd-image-classifier>
</crowd-form>
"""


def template() -> str:
    """Return a verification template of exactly 200 lines."""
    head, tail = HEAD.splitlines(), TAIL.splitlines()
    filler = [
        f"      <p>Rule {n}: {{{{ task.input.labels | first | escape }}}} means every box fits.</p>"
        for n in range(200 - len(head) - len(tail))
    ]
    return "\n".join([*head, *filler, *tail]) + "\n"


def task_input() -> dict[str, object]:
    """Return a task input whose manifest line holds 50 boxes."""
    boxes = [
        {"class_id": n % 5, "left": n * 7, "top": n * 5, "width": 40, "height": 30}
        for n in range(50)
    ]
    line = {
        "source-ref": "s3://bench-bucket/images/0001.jpg",
        "bbox": {
            "image_size": [{"width": 4000, "height": 3000, "depth": 3}],
            "annotations": boxes,
        },
        "bbox-metadata": {
            "class-map": {str(n): f"class '{n}' & <co>" for n in range(5)}
        },
    }
    return {
        "taskObject": line["source-ref"],
        "labels": ["Correct", "Wrong"],
        "manifestLine": line,
    }


def median_ms(call: object, repeat: int = 300) -> float:
    """Return the median wall time of ``call()`` in milliseconds."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    source, data = template(), task_input()
    text = json.dumps(data)
    presigner = LocalPresigner(secret=b"bench")
    environment = ground_truth_environment(presigner=presigner)

    # The baseline is python-liquid alone: same filters, template parsed once.
    bare_env = Environment(autoescape=True)
    bare_env.filters.update(environment.filters)
    bare_env.presigner = presigner  # type: ignore[attr-defined]
    bare = bare_env.from_string(source)

    ours = median_ms(lambda: render_ui_template(source, text, environment=environment))
    baseline = median_ms(lambda: bare.render(task={"input": json.loads(text)}))
    uncached = median_ms(
        lambda: render_ui_template(source, text, presigner=presigner), 50
    )

    print(f"template lines: {source.count(chr(10))}, boxes: 50")
    print(f"render_ui_template median: {ours:.3f} ms per render (target < 3 ms)")
    print(f"bare python-liquid (pre-parsed) median: {baseline:.3f} ms")
    print(f"ratio: {ours / baseline:.2f} (target < 1.5)")
    print(f"with a fresh environment per call (parse every time): {uncached:.3f} ms")


if __name__ == "__main__":
    main()
