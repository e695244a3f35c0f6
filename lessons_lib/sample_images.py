"""A labelled image dataset of drawn shapes, generated as real PNG files (for lessons 08 and 09).

:func:`shape_images` writes ``count`` small pictures, each one shape (a circle, a square,
a star or a triangle) in a random colour, size, position and angle on a plain background,
with noise on top, and with a random width and height.  They go in the layout real image
datasets use, one subfolder per class::

    shapes_n1000_seed0_48-96px/
        circle/circle_00000.png  circle/circle_00004.png ...
        square/square_00001.png  ...
        star/star_00002.png      ...
        triangle/triangle_00003.png ...

Image ``i`` is of class ``SHAPES[i % 4]`` and is drawn from its own random generator,
seeded with ``(seed, i)``: the same arguments give the same pixels, and a smaller dataset
holds the same first pictures as a larger one with the same seed.

>>> SHAPES
('circle', 'square', 'star', 'triangle')
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

__all__ = ["MAX_SHAPE_IMAGES", "SHAPES", "SHAPES_SAMPLE", "draw_shape", "shape_images"]

#: The class names, in sorted order: a label is an index into this tuple.
SHAPES = ("circle", "square", "star", "triangle")
#: A small committed copy (8 pictures of 32-48 px, about 34 KB), to look at without generating:
#: the files of ``shape_images(8, seed=0, min_side=32, max_side=48)``.
SHAPES_SAMPLE = Path(__file__).resolve().parents[1] / "assets" / "shapes-sample"
#: The most images :func:`shape_images` makes at once (about 1.5 GB of PNG files at 96 px).
MAX_SHAPE_IMAGES = 100_000
#: A finished dataset holds this (empty) file; it is written last, before the folder is renamed.
COMPLETE_MARKER = ".complete"
_NOISE = 12.0  # standard deviation of the noise added to every channel, in 0-255 units


def _check_whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:,} and {high:,}, not {value:,}")
    return value


def draw_shape(index: int, *, seed: int = 0, min_side: int = 48, max_side: int = 96) -> Image.Image:
    """Draw image ``index`` of the dataset for ``seed``: one shape of class ``SHAPES[index % 4]``.

    Width and height are each drawn between ``min_side`` and ``max_side`` pixels.

    >>> picture = draw_shape(2, seed=0)
    >>> picture.mode, SHAPES[2 % 4]
    ('RGB', 'star')
    >>> 48 <= picture.width <= 96 and 48 <= picture.height <= 96
    True
    """
    _check_whole("index", index, 0, 2**62)
    _check_whole("seed", seed, 0, 2**62)
    _check_whole("min_side", min_side, 8, 4_096)
    _check_whole("max_side", max_side, min_side, 4_096)
    rng = np.random.default_rng([seed, index])
    width, height = (int(side) for side in rng.integers(min_side, max_side + 1, size=2))
    background = rng.integers(0, 256, size=3)
    # half-way round the colour cube, give or take: the shape always stands out
    colour = (background + 128 + rng.integers(-48, 49, size=3)) % 256
    picture = Image.new("RGB", (width, height), tuple(int(c) for c in background))
    radius = rng.uniform(0.22, 0.45) * min(width, height)
    centre_x = rng.uniform(radius, width - radius)
    centre_y = rng.uniform(radius, height - radius)
    angle = rng.uniform(0, 2 * math.pi)
    shape = SHAPES[index % len(SHAPES)]
    draw = ImageDraw.Draw(picture)
    fill = tuple(int(c) for c in colour)
    if shape == "circle":
        draw.ellipse(
            [centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius], fill=fill
        )
    else:
        corners = {"square": 4, "triangle": 3, "star": 10}[shape]
        points = []
        for k in range(corners):
            # a star alternates outer and inner corners
            r = radius * (0.45 if shape == "star" and k % 2 else 1.0)
            theta = angle + 2 * math.pi * k / corners
            points.append((centre_x + r * math.cos(theta), centre_y + r * math.sin(theta)))
        draw.polygon(points, fill=fill)
    noisy = np.asarray(picture, dtype=np.float32) + rng.normal(0, _NOISE, (height, width, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def shape_images(
    count: int,
    *,
    seed: int = 0,
    folder: Path | str | None = None,
    min_side: int = 48,
    max_side: int = 96,
) -> Path:
    """Generate (or reuse) a dataset of ``count`` shape pictures as PNG files; return its root.

    The root is ``folder/shapes_n{count}_seed{seed}_{min_side}-{max_side}px`` (``folder``
    defaults to :func:`lessons_lib.sample_data.data_dir`), with one subfolder per class in
    :data:`SHAPES`; image ``i`` is ``{shape}/{shape}_{i:05d}.png`` (see :func:`draw_shape`).
    ``count`` must be at least ``len(SHAPES)``, so that no class folder is empty.

    The dataset is built in a temporary folder beside the root and renamed into place
    when finished (it then holds a hidden ``.complete`` file), so an interrupted run is
    never taken for a finished one; a finished one is reused.  1,000 images take about
    a second.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = shape_images(8, seed=1, folder=tmp)
    ...     print(root.name, sorted(p.name for p in root.iterdir()))
    ...     print(sorted(p.name for p in (root / "star").iterdir()))
    shapes_n8_seed1_48-96px ['.complete', 'circle', 'square', 'star', 'triangle']
    ['star_00002.png', 'star_00006.png']
    """
    from lessons_lib.sample_data import _atomic_folder, _folder, _generating

    _check_whole("count", count, len(SHAPES), MAX_SHAPE_IMAGES)
    _check_whole("seed", seed, 0, 2**62)
    _check_whole("min_side", min_side, 8, 4_096)
    _check_whole("max_side", max_side, min_side, 4_096)
    base = _folder(folder)
    root = base / f"shapes_n{count}_seed{seed}_{min_side}-{max_side}px"
    if (root / COMPLETE_MARKER).is_file():
        return root
    with _generating(base, root.name):
        if (root / COMPLETE_MARKER).is_file():  # another process made it while this one waited
            return root
        need = count * max_side * max_side * 3  # uncompressed: noise leaves PNG little to save
        free = shutil.disk_usage(base).free
        if need > free:
            raise ValueError(
                f"{count:,} images need up to {need:,} bytes, more than the free space in "
                f"{str(base)!r} ({free:,} bytes): ask for fewer or smaller images, or set "
                "LESSONS_DATA_DIR to a folder on a bigger disk"
            )
        with _atomic_folder(root) as building:
            for shape in SHAPES:
                (building / shape).mkdir()
            for index in range(count):
                shape = SHAPES[index % len(SHAPES)]
                picture = draw_shape(index, seed=seed, min_side=min_side, max_side=max_side)
                # compress_level=1: fast, and noisy pictures hardly compress anyway
                picture.save(building / shape / f"{shape}_{index:05d}.png", compress_level=1)
            (building / COMPLETE_MARKER).touch()
    return root
