"""Time from navigation start to `all-crowd-elements-ready` on a heavy verification page.

The page is a bounding-box verification task: a 4000x3000 JPEG with 50 boxes in a
crowd-image-classifier overlay, served by a local HTTP server with the element
stand-ins. Prints every run and the median; the target is under 500 ms.

    python benchmarks/elements_ready.py [--runs 7]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

from gt_templates.browser import launch_options
from gt_templates.standalone import (
    ENTRY_FILE,
    elements_bundle,
    local_script_tag,
    make_standalone,
)

WIDTH, HEIGHT, BOXES = 4000, 3000, 50
TARGET_MS = 500
LABELS = ["car", "person", "bicycle", "truck", "dog"]
READY_RECORDER = """
document.addEventListener('DOMContentLoaded', () => {
  window.__gtParsedAt = performance.now();
});
document.addEventListener('all-crowd-elements-ready', () => {
  window.__gtReadyAt = performance.now();
});
"""
# Phases of one load: HTML parsed and element modules run (DOMContentLoaded),
# image bytes received, then all-crowd-elements-ready (after the decode).
PHASES = """
() => ({
  modules: window.__gtParsedAt,
  image: performance.getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('/image.jpg'))[0].responseEnd,
  ready: window.__gtReadyAt,
})
"""


def write_image(path: Path) -> None:
    """Write a 4000x3000 JPEG about the size of a camera photo (a few MB)."""
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    noise = Image.effect_noise((WIDTH, HEIGHT), 25)
    image = Image.merge(
        "RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    draw = ImageDraw.Draw(image)
    rng = random.Random(3)
    for _ in range(300):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse(
            [x, y, x + rng.randint(20, 400), y + rng.randint(20, 400)], fill=colour
        )
    image.save(path, "JPEG", quality=85)


def boxes() -> list[dict[str, object]]:
    """Return 50 reproducible boxes spread over the image."""
    rng = random.Random(4)
    result = []
    for _ in range(BOXES):
        width, height = rng.randint(60, 600), rng.randint(60, 500)
        result.append(
            {
                "label": rng.choice(LABELS),
                "left": rng.randint(0, WIDTH - width),
                "top": rng.randint(0, HEIGHT - height),
                "width": width,
                "height": height,
            }
        )
    return result


def page_html() -> str:
    """Return the verification page, written the way a compiled template renders."""
    overlay = json.dumps({"boundingBox": {"labels": LABELS, "value": boxes()}})
    return f"""<!doctype html>
<html><head><meta charset="utf-8">{local_script_tag("/elements")}</head><body>
<crowd-form>
  <crowd-image-classifier name="verify" header="Are the boxes correct?" src="/image.jpg"
      categories="['Correct', 'Incorrect']" overlay='{overlay}'>
    <short-instructions><p>Check every box.</p></short-instructions>
    <full-instructions header="Verification"><p>Look at each box.</p></full-instructions>
    <worker-comment header="What is wrong?" link-text="Add a comment">Explain.</worker-comment>
  </crowd-image-classifier>
</crowd-form>
</body></html>
"""


def build_site(root: Path) -> None:
    """Lay out the page, the image and the element files under ``root``."""
    # The preview server answers the entry file with the bundle of all of them.
    (root / "elements").mkdir()
    (root / "elements" / ENTRY_FILE).write_text(elements_bundle(), encoding="utf-8")
    write_image(root / "image.jpg")
    (root / "index.html").write_text(page_html(), encoding="utf-8")
    standalone = make_standalone(page_html(), None)
    (root / "standalone.html").write_text(standalone, encoding="utf-8")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        return


def measure(url: str, runs: int) -> list[dict[str, float]]:
    """Load ``url`` ``runs`` times in fresh contexts; return each run's phases in ms."""
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.add_init_script(READY_RECORDER)
            page.goto(url)
            page.wait_for_function("window.__gtReadyAt !== undefined", timeout=30000)
            results.append(
                {key: float(value) for key, value in page.evaluate(PHASES).items()}
            )
            context.close()
        browser.close()
    return results


def report(title: str, results: list[dict[str, float]]) -> None:
    """Print every run's phases and the median time to all-crowd-elements-ready."""
    print(title)
    print("  ms after navigation start: modules run / image received / all ready")
    for run in results:
        print(f"  {run['modules']:6.0f} {run['image']:6.0f} {run['ready']:6.0f}")
    median = statistics.median(run["ready"] for run in results)
    verdict = "within" if median < TARGET_MS else "OVER"
    print(f"  median: {median:.0f} ms ({verdict} the {TARGET_MS} ms target)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build_site(root)
        handler = functools.partial(QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            served = measure(f"{base}/index.html", args.runs)
            inlined = measure(f"{base}/standalone.html", args.runs)
        finally:
            server.shutdown()

    print(
        f"page: {WIDTH}x{HEIGHT} JPEG, {BOXES} boxes in a crowd-image-classifier overlay"
    )
    report("element files served (preview server layout):", served)
    report("elements inlined (render --standalone layout):", inlined)


if __name__ == "__main__":
    main()
