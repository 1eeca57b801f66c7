"""Generate the sample street scenes, label masks and manifests under preview/.

Run ``python preview/generate.py`` from anywhere; it rewrites
``preview/s3/gt-templates-samples/`` and ``preview/manifests/*.manifest``. The
output is deterministic, so a re-run changes nothing. The manifests are shaped
like the output manifests of the earlier bounding-box and semantic-segmentation
jobs that the example definitions verify or adjust.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
BUCKET = "gt-templates-samples"
S3_ROOT = HERE / "s3" / BUCKET
MANIFESTS = HERE / "manifests"
WIDTH, HEIGHT = 640, 480
HORIZON = 200
CREATED = "2026-11-02T09:14:07.123456"
BOX_JOB = "labeling-job/vehicle-boxes-2026-11"
SEGMENTATION_JOB = "labeling-job/road-segmentation-2026-11"
MASK_PREFIX = (
    "jobs/road-segmentation-2026-11/annotations/consolidated-annotation/output"
)
VEHICLE_COLORS = [
    (178, 34, 34),
    (30, 80, 160),
    (235, 235, 235),
    (40, 40, 40),
    (200, 160, 30),
]

# Region colours of the masks, in the d3 category10 order Ground Truth uses.
REGION_COLORS = {
    "road": "#1f77b4",
    "sidewalk": "#ff7f0e",
    "car": "#2ca02c",
    "lane marking": "#d62728",
}


@dataclass
class Vehicle:
    """One vehicle drawn in a scene, with its class and its box in pixels."""

    kind: str
    left: int
    top: int
    width: int
    height: int


@dataclass
class Scene:
    """A generated street photo and the geometry its labels are made from."""

    image: Image.Image
    vehicles: list[Vehicle] = field(default_factory=list)


def road_polygon() -> list[tuple[int, int]]:
    """Return the road's outline: wide at the bottom, narrow at the horizon."""
    return [(40, HEIGHT), (600, HEIGHT), (360, HORIZON), (280, HORIZON)]


def sidewalk_polygons() -> list[list[tuple[int, int]]]:
    """Return the outlines of the two sidewalks beside the road."""
    return [
        [(0, HEIGHT), (40, HEIGHT), (280, HORIZON), (250, HORIZON), (0, 330)],
        [(600, HEIGHT), (WIDTH, HEIGHT), (WIDTH, 330), (390, HORIZON), (360, HORIZON)],
    ]


def lane_markings() -> list[list[tuple[int, int]]]:
    """Return the dashes of the centre line as thin quadrilaterals."""
    dashes = []
    for start in range(HORIZON + 10, HEIGHT, 50):
        end = min(start + 25, HEIGHT)
        half_top = 1 + (start - HORIZON) // 60
        half_bottom = 1 + (end - HORIZON) // 60
        dashes.append(
            [
                (320 - half_top, start),
                (320 + half_top, start),
                (320 + half_bottom, end),
                (320 - half_bottom, end),
            ]
        )
    return dashes


def draw_background(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    """Paint sky, buildings, sidewalks, road and lane markings."""
    for y in range(HORIZON):
        shade = 150 + y * 90 // HORIZON
        draw.line([(0, y), (WIDTH, y)], fill=(shade - 60, shade - 20, 255))

    x = 0
    while x < WIDTH:
        width = rng.randint(50, 110)
        top = rng.randint(60, 150)
        tone = rng.randint(90, 170)
        draw.rectangle(
            [x, top, x + width, HORIZON + 20], fill=(tone, tone - 15, tone - 30)
        )
        for wy in range(top + 10, HORIZON, 22):
            for wx in range(x + 8, x + width - 12, 18):
                draw.rectangle(
                    [wx, wy, wx + 8, wy + 12],
                    fill=(220, 220, 170) if rng.random() < 0.3 else (60, 70, 90),
                )
        x += width + rng.randint(0, 8)

    draw.rectangle([0, HORIZON, WIDTH, HEIGHT], fill=(104, 128, 84))
    for outline in sidewalk_polygons():
        draw.polygon(outline, fill=(170, 168, 160))
    draw.polygon(road_polygon(), fill=(80, 80, 84))
    for dash in lane_markings():
        draw.polygon(dash, fill=(245, 245, 240))


def draw_vehicle(
    draw: ImageDraw.ImageDraw, vehicle: Vehicle, color: tuple[int, int, int]
) -> None:
    """Draw a simple vehicle seen from behind that fills its box."""
    left, top, right, bottom = (
        vehicle.left,
        vehicle.top,
        vehicle.left + vehicle.width,
        vehicle.top + vehicle.height,
    )
    wheel = max(2, vehicle.height // 6)
    body_bottom = bottom - wheel // 2
    radius = max(1, min(vehicle.width, vehicle.height) // 6)
    draw.rounded_rectangle([left, top, right, body_bottom], radius=radius, fill=color)

    glass_bottom = top + (body_bottom - top) * 2 // 5
    inset = max(1, vehicle.width // 8)
    if vehicle.kind == "bus":
        glass_bottom = top + (body_bottom - top) // 3
        inset = max(1, vehicle.width // 14)
    draw.rectangle(
        [left + inset, top + max(1, vehicle.height // 10), right - inset, glass_bottom],
        fill=(150, 190, 215),
    )

    lamp = max(1, vehicle.width // 10)
    lamp_top = glass_bottom + max(1, vehicle.height // 8)
    draw.rectangle(
        [left + 2, lamp_top, left + 2 + lamp, lamp_top + lamp // 2 + 1],
        fill=(230, 40, 30),
    )
    draw.rectangle(
        [right - 2 - lamp, lamp_top, right - 2, lamp_top + lamp // 2 + 1],
        fill=(230, 40, 30),
    )
    draw.rectangle(
        [left + inset // 2, body_bottom - 1, left + inset // 2 + wheel, bottom],
        fill=(20, 20, 20),
    )
    draw.rectangle(
        [right - inset // 2 - wheel, body_bottom - 1, right - inset // 2, bottom],
        fill=(20, 20, 20),
    )


def vehicle_at(kind: str, centre_x: int, bottom: int) -> Vehicle:
    """Return a vehicle standing on the road at ``bottom``, sized by perspective."""
    scale = (bottom - HORIZON) / (HEIGHT - HORIZON)
    width, height = {
        "car": (150, 110),
        "truck": (190, 190),
        "bus": (200, 200),
        "bicycle": (40, 90),
    }[kind]
    width = max(8, int(width * scale))
    height = max(6, int(height * scale))
    return Vehicle(kind, centre_x - width // 2, bottom - height, width, height)


def make_scene(seed: int, placements: list[tuple[str, int, int]]) -> Scene:
    """Draw a street with vehicles placed far to near, so nearer ones overlap."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    draw_background(draw, rng)

    scene = Scene(image)
    for kind, centre_x, bottom in sorted(placements, key=lambda item: item[2]):
        vehicle = vehicle_at(kind, centre_x, bottom)
        draw_vehicle(draw, vehicle, rng.choice(VEHICLE_COLORS))
        scene.vehicles.append(vehicle)

    noise = Image.effect_noise((WIDTH, HEIGHT), 18).convert("RGB")
    scene.image = Image.blend(image, noise, 0.06).filter(ImageFilter.SMOOTH)
    return scene


def traffic_jam() -> list[tuple[str, int, int]]:
    """Return 50 placements: five lanes of ten vehicles queueing to the horizon."""
    placements = []
    for row in range(10):
        bottom = 470 - row * 24
        spread = (bottom - HORIZON) / (HEIGHT - HORIZON)
        for lane in range(5):
            centre = int(320 + (lane - 2) * 125 * spread)
            placements.append(
                ("truck" if (row + lane) % 7 == 0 else "car", centre, bottom)
            )
    return placements


SCENES: dict[str, list[tuple[str, int, int]]] = {
    "street-01": [("car", 250, 420), ("truck", 420, 330), ("bus", 300, 280)],
    "street-02": [],
    "street-03": traffic_jam(),
    "street-04": [("truck", 380, 400), ("car", 270, 330)],
    "street-05": [("car", 220, 440), ("car", 410, 360)],
    "street-06": [("car", 330, 430), ("bicycle", 520, 420), ("car", 300, 300)],
    "street-07": [("car", 260, 410), ("truck", 400, 310), ("car", 330, 260)],
    "street-08": [("bicycle", 180, 440), ("bicycle", 470, 400), ("car", 320, 300)],
}


def s3_uri(key: str) -> str:
    """Return the S3 URI of a sample object."""
    return f"s3://{BUCKET}/{key}"


def save(image: Image.Image, key: str, **options: Any) -> None:
    """Write an object into the local S3 folder."""
    path = S3_ROOT / key
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **options)


def box_line(
    key: str,
    scene: Scene,
    names: dict[str, str],
    classes: list[str],
    human: str = "yes",
) -> dict[str, Any]:
    """Return a bounding-box job's output line; ``classes`` picks each box's class_id."""
    annotations = []
    for vehicle, class_id in zip(scene.vehicles, classes, strict=True):
        box = {
            "left": vehicle.left,
            "top": vehicle.top,
            "width": vehicle.width,
            "height": vehicle.height,
        }
        annotations.append({"class_id": int(class_id), **box})

    used = {
        class_id: names[class_id]
        for class_id in dict.fromkeys(classes)
        if class_id in names
    }
    return {
        "source-ref": s3_uri(key),
        "vehicles": {
            "image_size": [{"width": WIDTH, "height": HEIGHT, "depth": 3}],
            "annotations": annotations,
        },
        "vehicles-metadata": {
            "objects": [
                {"confidence": round(0.62 + 0.03 * (i % 10), 2)}
                for i in range(len(annotations))
            ],
            "class-map": dict(sorted(used.items(), key=lambda item: int(item[0]))),
            "type": "groundtruth/object-detection",
            "human-annotated": human,
            "creation-date": CREATED,
            "job-name": BOX_JOB,
        },
    }


def standard_classes(scene: Scene) -> list[str]:
    """Return class ids by vehicle kind: car 0, truck 1, bus 2, bicycle 3."""
    ids = {"car": "0", "truck": "1", "bus": "2", "bicycle": "3"}
    return [ids[vehicle.kind] for vehicle in scene.vehicles]


STANDARD_NAMES = {"0": "car", "1": "truck", "2": "bus", "3": "bicycle"}


def box_manifest(scenes: dict[str, Scene]) -> list[dict[str, Any]]:
    """Return the vehicle-boxes sample lines, awkward ones included."""
    keys = {name: f"images/{name}.jpg" for name in scenes}
    quoted = {"0": "car {{ 6 | times: 7 }}", "1": 'Tom\'s "big" truck & trailer'}
    hostile = {
        "0": "<script>alert('boxes')</script>",
        "1": '"><img src=x onerror=alert(1)>',
    }
    unicode_names = {"0": "voiture électrique", "1": "自動車", "3": "Fahrrad 🚲"}
    return [
        box_line(
            keys["street-01"],
            scenes["street-01"],
            STANDARD_NAMES,
            standard_classes(scenes["street-01"]),
        ),
        box_line(keys["street-02"], scenes["street-02"], STANDARD_NAMES, []),
        box_line(
            keys["street-03"],
            scenes["street-03"],
            STANDARD_NAMES,
            standard_classes(scenes["street-03"]),
        ),
        box_line(keys["street-04"], scenes["street-04"], quoted, ["1", "0"]),
        box_line(keys["street-05"], scenes["street-05"], hostile, ["0", "1"]),
        box_line(
            keys["street-06"], scenes["street-06"], unicode_names, ["1", "3", "0"]
        ),
        box_line(
            keys["street-07"], scenes["street-07"], STANDARD_NAMES, ["0", "5", "0"]
        ),
        box_line(
            keys["street-08"],
            scenes["street-08"],
            STANDARD_NAMES,
            standard_classes(scenes["street-08"]),
            human="no",
        ),
    ]


def mask_image(scene: Scene, colors: dict[str, str]) -> Image.Image:
    """Paint a label mask: white background, each region in its class colour."""
    mask = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(mask)
    if "sidewalk" in colors:
        for outline in sidewalk_polygons():
            draw.polygon(outline, fill=colors["sidewalk"])
    if "road" in colors:
        draw.polygon(road_polygon(), fill=colors["road"])
    if "lane marking" in colors:
        for dash in lane_markings():
            draw.polygon(dash, fill=colors["lane marking"])
    if "car" in colors:
        for vehicle in scene.vehicles:
            box = [
                vehicle.left,
                vehicle.top,
                vehicle.left + vehicle.width,
                vehicle.top + vehicle.height,
            ]
            draw.rectangle(box, fill=colors["car"])
    return mask


def segmentation_line(
    index: int, key: str, scene: Scene, names: dict[str, str]
) -> dict[str, Any]:
    """Save a mask and return a semantic-segmentation job's output line.

    ``names`` maps each region this mask paints to the class name the earlier
    job used for it, so awkward names keep the same geometry.
    """
    colors = {region: REGION_COLORS[region] for region in names}
    mask_key = f"{MASK_PREFIX}/{index}_{CREATED}.png"
    save(mask_image(scene, colors), mask_key, optimize=True)

    color_map = {
        "0": {"class-name": "BACKGROUND", "confidence": 0.81, "hex-color": "#ffffff"}
    }
    for number, (region, name) in enumerate(names.items(), 1):
        color_map[str(number)] = {
            "class-name": name,
            "confidence": 0.81,
            "hex-color": colors[region],
        }
    return {
        "source-ref": s3_uri(key),
        "road-ref": s3_uri(mask_key),
        "road-ref-metadata": {
            "internal-color-map": color_map,
            "type": "groundtruth/semantic-segmentation",
            "human-annotated": "yes",
            "creation-date": CREATED,
            "job-name": SEGMENTATION_JOB,
        },
    }


def segmentation_manifest(scenes: dict[str, Scene]) -> list[dict[str, Any]]:
    """Return the road-segmentation sample lines, awkward ones included."""
    plain = {region: region for region in REGION_COLORS}
    cases = [
        ("street-01", plain),
        ("street-02", {}),
        (
            "street-04",
            {"road": 'Tom\'s "wide" road & curb', "car": "car {{ 6 | times: 7 }}"},
        ),
        (
            "street-05",
            {
                "road": "<script>alert('masks')</script>",
                "car": '"><img src=x onerror=alert(1)>',
            },
        ),
        ("street-06", {"road": "chaussée", "sidewalk": "歩道", "car": "Fahrrad 🚲"}),
        ("street-08", {"road": "road", "sidewalk": "sidewalk"}),
    ]
    return [
        segmentation_line(index, f"images/{name}.jpg", scenes[name], names)
        for index, (name, names) in enumerate(cases)
    ]


def example_images() -> None:
    """Save the good and bad box examples the vehicle-boxes instructions show."""
    scene = make_scene(99, [("car", 320, 440)])
    vehicle = scene.vehicles[0]
    for key, margin, color in (
        ("examples/tight-box.jpg", 0, "#2ca02c"),
        ("examples/loose-box.jpg", 40, "#d62728"),
    ):
        image = scene.image.copy()
        box = [
            vehicle.left - margin,
            vehicle.top - margin,
            vehicle.left + vehicle.width + margin,
            vehicle.top + vehicle.height + margin,
        ]
        ImageDraw.Draw(image).rectangle(box, outline=color, width=3)
        save(image.crop((120, 220, 520, 480)), key, quality=80)


def write_manifest(name: str, lines: list[dict[str, Any]]) -> None:
    """Write JSON Lines the way Ground Truth writes output manifests."""
    MANIFESTS.mkdir(parents=True, exist_ok=True)
    text = "".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        for line in lines
    )
    (MANIFESTS / f"{name}.manifest").write_text(text, encoding="utf-8")


def main() -> None:
    """Generate every sample file."""
    scenes = {
        name: make_scene(number, placements)
        for number, (name, placements) in enumerate(SCENES.items())
    }
    for name, scene in scenes.items():
        save(scene.image, f"images/{name}.jpg", quality=82)
    example_images()
    write_manifest("vehicle-boxes", box_manifest(scenes))
    write_manifest("road-segmentation", segmentation_manifest(scenes))


if __name__ == "__main__":
    main()
