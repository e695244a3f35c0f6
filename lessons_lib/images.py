"""The stages of an image preprocessing pipeline, each one small function or generator.

The pipeline, in order (:func:`image_batches` chains them all in a
:class:`lessons_lib.pipelines.Pipeline`):

1. :func:`discover_images`: ``(path, label)`` for every file of a labelled folder tree;
2. :func:`shuffled`: the list in a new seeded order each epoch;
3. :func:`batches`: lists of ``batch_size`` pairs (:func:`lessons_lib.loaders.batches`);
4. :func:`encode_labels`: the labels of a batch as one-hot rows (:func:`one_hot`, NumPy only);
5. :func:`read_images`: each file read as RGB and resized (:func:`load_image`, Pillow);
6. :func:`augment`: random flip, crop and brightness, seeded (:func:`augment_image`);
7. :func:`rescale`: ``float32`` in 0-1, normalised per channel (:func:`normalise`);
8. :func:`stacked`: one ``(batch, height, width, 3)`` array per batch.

A stage without settings is a generator function taking the items of the stage before
(:func:`stacked`).  A stage with settings is made by a function that checks the settings
at once and returns the generator function: ``batches(0)`` fails at the call, not at the
first batch.

A labelled image dataset is a folder with one subfolder per class (the layout
:func:`lessons_lib.sample_images.shape_images` writes and most real datasets use)::

    root/
        circle/a.png  circle/b.png ...
        square/c.png  ...

:func:`discover_images` lists ``(path, label)`` pairs, the label being the index of the
class in :func:`class_names`; :func:`load_image` reads one file into a ``uint8`` array
of shape ``(size, size, 3)``.

>>> import tempfile
>>> from lessons_lib.sample_images import shape_images
>>> with tempfile.TemporaryDirectory() as tmp:
...     root = shape_images(8, folder=tmp)
...     items = discover_images(root)
...     print(class_names(root), len(items), items[0][0].name, items[0][1])
...     print(load_image(items[0][0], 32).shape)
['circle', 'square', 'star', 'triangle'] 8 circle_00000.png 0
(32, 32, 3)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from lessons_lib import loaders
from lessons_lib.pipelines import Pipeline

__all__ = [
    "IMAGE_SUFFIXES",
    "RESAMPLING",
    "augment",
    "augment_image",
    "batches",
    "class_names",
    "discover_images",
    "encode_labels",
    "image_batches",
    "load_all",
    "load_image",
    "normalise",
    "one_hot",
    "read_images",
    "rescale",
    "shuffled",
    "stacked",
]

Pair = tuple[Path, int]

#: File name endings counted as images (compared in lower case).
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})
#: The filter :func:`load_image` resizes with: bilinear (each output pixel mixes the 2x2
#: nearest input pixels; Pillow widens the support when shrinking, so it also smooths).
RESAMPLING = Image.Resampling.BILINEAR


def _root(root: object) -> Path:
    if not isinstance(root, (str, os.PathLike)) or not os.fspath(root):
        raise TypeError(f"root must be the dataset's folder (str or Path), not {root!r}")
    path = Path(root)
    if not path.exists():
        raise FileNotFoundError(f"no folder {str(path)!r}: check the path, or generate the "
                                "dataset first, e.g. with shape_images(1000)")
    if not path.is_dir():
        raise NotADirectoryError(f"{str(path)!r} is a file; give the dataset's folder")
    return path


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def class_names(root: Path | str) -> list[str]:
    """The class names of the dataset in ``root``: its visible subfolders, sorted.

    Files directly in ``root`` (a README, a licence) and hidden names (starting with ``.``)
    are not classes.  A folder without any subfolder is an error, not an empty dataset.

    >>> from lessons_lib.sample_images import shape_images
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     class_names(shape_images(4, folder=tmp))
    ['circle', 'square', 'star', 'triangle']
    """
    path = _root(root)
    names = sorted(p.name for p in path.iterdir() if p.is_dir() and _visible(p))
    if not names:
        raise ValueError(
            f"{str(path)!r} has no class folders: put each class's images in a subfolder "
            "named after the class (root/cat/1.png, root/dog/2.png)"
        )
    return names


def discover_images(root: Path | str) -> list[tuple[Path, int]]:
    """Every image under ``root`` as ``(path, label)``, sorted by class, then path.

    ``label`` is the index of the image's class in ``class_names(root)``; a class's
    images may sit in nested folders.  Raises ``ValueError`` for a class folder with no
    images, and for a visible file that is not an image by its name (see
    :data:`IMAGE_SUFFIXES`), naming it: a stray file is never silently skipped nor
    loaded as a picture.  Hidden names (starting with ``.``) are ignored.

    The result is a list of paths, not of pictures: a few dozen bytes per image, so
    even a large dataset's list is small, and it can be shuffled every epoch.

    >>> from lessons_lib.sample_images import shape_images
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     items = discover_images(shape_images(6, folder=tmp))
    ...     [(path.name, label) for path, label in items]
    [('circle_00000.png', 0), ('circle_00004.png', 0), ('square_00001.png', 1), \
('square_00005.png', 1), ('star_00002.png', 2), ('triangle_00003.png', 3)]
    """
    path = _root(root)
    items: list[tuple[Path, int]] = []
    for label, name in enumerate(class_names(path)):
        found = []
        for file in sorted((path / name).rglob("*")):
            relative = file.relative_to(path)
            if not all(_visible(Path(part)) for part in relative.parts) or file.is_dir():
                continue
            if file.suffix.lower() not in IMAGE_SUFFIXES:
                raise ValueError(
                    f"{relative.as_posix()!r} in {str(path)!r} is not an image (by its name; "
                    f"images end in {', '.join(sorted(IMAGE_SUFFIXES))}): move it out of the "
                    "dataset, or rename it with a leading '.' to hide it"
                )
            found.append((file, label))
        if not found:
            raise ValueError(
                f"class folder {name!r} in {str(path)!r} has no images: add some, or remove "
                "the folder (an empty class would never be seen in training)"
            )
        items.extend(found)
    return items


def _check_size(size: object) -> int:
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError(f"size must be a whole number of pixels such as 64, not {size!r}")
    if size < 1:
        raise ValueError(f"size must be at least 1 pixel, not {size}")
    if size > 8_192:
        raise ValueError(f"size={size} pixels is too large for a training image (at most 8192)")
    return size


def load_image(path: Path | str, size: int) -> np.ndarray:
    """Read the image at ``path`` as RGB and resize it to ``size`` x ``size`` pixels.

    Returns a ``uint8`` array of shape ``(size, size, 3)``.  Any mode Pillow reads is
    converted with ``convert("RGB")`` (greyscale is copied to 3 channels, transparency
    dropped); the picture is resized with :data:`RESAMPLING` (bilinear) without keeping
    its aspect ratio.  The file is closed before the function returns.  A file Pillow
    cannot read raises ``ValueError`` naming it.

    >>> import tempfile
    >>> from PIL import Image
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     Image.new("L", (40, 20), 200).save(f"{tmp}/grey.png")
    ...     pixels = load_image(f"{tmp}/grey.png", 8)
    >>> pixels.shape, pixels.dtype, pixels[0, 0].tolist()
    ((8, 8, 3), dtype('uint8'), [200, 200, 200])
    """
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise TypeError(f"path must be an image file's path (str or Path), not {path!r}")
    _check_size(size)
    try:
        with Image.open(path) as picture:
            rgb = picture.convert("RGB").resize((size, size), RESAMPLING)
    except IsADirectoryError:
        raise IsADirectoryError(f"{os.fspath(path)!r} is a folder, not an image file") from None
    except FileNotFoundError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError) as error:  # not an image, or truncated
        raise ValueError(
            f"{os.fspath(path)!r} is not an image Pillow can read ({error}): "
            "remove it from the dataset"
        ) from error
    return np.asarray(rgb, dtype=np.uint8)


# ---------------------------------------------------------------------------------------------
# The stages after discovery.  Each stage with settings checks them at the call and returns
# a generator function (the stage itself) that a Pipeline calls with the items before it.
# ---------------------------------------------------------------------------------------------


def _whole(name: str, value: object, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, not {value}")
    return value


def shuffled(*, seed: int, epoch: int = 0) -> Callable[[Iterable[Any]], Generator[Any, None, None]]:
    """A stage that hands out its items in a random order, the same for the same seed and epoch.

    It must hold every item before it can hand out the first (any item may come first), so
    use it on the list of paths, which is small, never on the pictures.  Each epoch gets
    another order: the generator is ``numpy.random.default_rng([seed, epoch])``.

    >>> stage = shuffled(seed=1)
    >>> list(stage("abcde")), list(stage("abcde"))
    (['e', 'a', 'b', 'c', 'd'], ['e', 'a', 'b', 'c', 'd'])
    >>> list(shuffled(seed=1, epoch=1)("abcde"))
    ['b', 'e', 'a', 'd', 'c']
    """
    _whole("seed", seed)
    _whole("epoch", epoch)

    def shuffle_stage(items: Iterable[Any]) -> Generator[Any, None, None]:
        pool = list(items)  # the state this stage holds: every item
        for index in np.random.default_rng([seed, epoch]).permutation(len(pool)):
            yield pool[index]

    return shuffle_stage


def batches(
    size: int, *, drop_last: bool = False
) -> Callable[[Iterable[Any]], Generator[list[Any], None, None]]:
    """A stage that groups its items in lists of ``size``: :func:`lessons_lib.loaders.batches`.

    The last batch may be shorter; it is kept unless ``drop_last=True`` (some training
    code wants equal batches).  No item is lost or repeated otherwise.

    >>> list(batches(2)(range(5))), list(batches(2, drop_last=True)(range(5)))
    ([[0, 1], [2, 3], [4]], [[0, 1], [2, 3]])
    """
    loaders.batches([], size, drop_last=drop_last)  # checks the settings now, with its messages

    def batch_stage(items: Iterable[Any]) -> Generator[list[Any], None, None]:
        yield from loaders.batches(items, size, drop_last=drop_last)

    return batch_stage


def one_hot(labels: Sequence[int] | np.ndarray, classes: int) -> np.ndarray:
    """Labels as one-hot rows: row ``i`` is all 0 except a 1 in column ``labels[i]``.

    Returns a ``float32`` array of shape ``(len(labels), classes)``;
    ``one_hot(labels, k).argmax(axis=1)`` gives the labels back.

    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]], dtype=float32)
    """
    _whole("classes", classes, low=1)
    array = np.asarray(labels)
    if array.ndim != 1 or not (array.size == 0 or np.issubdtype(array.dtype, np.integer)):
        raise TypeError(f"labels must be a flat sequence of whole numbers, not {labels!r}")
    if array.size and (array.min() < 0 or array.max() >= classes):
        bad = array[(array < 0) | (array >= classes)][0]
        raise ValueError(
            f"label {bad} is outside 0..{classes - 1}: with classes={classes}, "
            "each label must be the index of a class"
        )
    return np.eye(classes, dtype=np.float32)[array.astype(np.intp)]


def encode_labels(
    classes: int,
) -> Callable[[Iterable[Sequence[Pair]]], Generator[tuple[list[Path], np.ndarray], None, None]]:
    """A stage: each batch of ``(path, label)`` pairs becomes ``(paths, one_hot_labels)``.

    >>> stage = encode_labels(3)
    >>> paths, targets = next(stage([(("a.png", 2), ("b.png", 0))]))
    >>> paths, targets.tolist()
    (['a.png', 'b.png'], [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    """
    _whole("classes", classes, low=1)

    def label_stage(
        batches: Iterable[Sequence[Pair]],
    ) -> Generator[tuple[list[Path], np.ndarray], None, None]:
        for batch in batches:
            paths = [path for path, _ in batch]
            yield paths, one_hot([label for _, label in batch], classes)

    return label_stage


Batch = tuple[Any, np.ndarray]


def read_images(size: int) -> Callable[[Iterable[Batch]], Generator[Batch, None, None]]:
    """A stage: each ``(paths, labels)`` becomes ``(pictures, labels)``, read by :func:`load_image`.

    The pictures are a list of ``uint8`` arrays of shape ``(size, size, 3)``; each file is
    open only while it is read.  Only one batch of pictures is in memory at a time.
    """
    _check_size(size)

    def read_stage(batches: Iterable[Batch]) -> Generator[Batch, None, None]:
        for paths, labels in batches:
            yield [load_image(path, size) for path in paths], labels

    return read_stage


def _fraction(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be between {low} and {high}, not {value}")
    return float(value)


def _check_picture(image: object) -> np.ndarray:
    if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
        raise TypeError(
            "image must be a NumPy array of shape (height, width, 3), as load_image returns, "
            f"not {getattr(image, 'shape', type(image).__name__)}"
        )
    if image.dtype != np.uint8:
        raise TypeError(f"image must have dtype uint8 (0-255, as read), not {image.dtype}")
    if min(image.shape[:2]) < 1:
        raise ValueError(f"image has no pixels: shape {image.shape}")
    return image


def augment_image(
    image: np.ndarray,
    rng: np.random.Generator,
    *,
    flip: float = 0.5,
    crop: float = 0.8,
    brightness: float = 0.2,
) -> np.ndarray:
    """A randomly changed copy of ``image`` (``uint8``, ``(height, width, 3)``), same shape.

    With probability ``flip`` it is mirrored left to right; then a square window of a random
    side between ``crop`` and 1 times the shorter side, at a random place, is resized back
    to the full size (:data:`RESAMPLING`); then every pixel is multiplied by one random
    factor between ``1 - brightness`` and ``1 + brightness`` (clipped to 0-255).  The
    random draws come from ``rng``, so a seeded generator repeats them.

    >>> picture = np.zeros((4, 4, 3), dtype=np.uint8)
    >>> picture[:, :2] = 200                       # left half bright
    >>> mirrored = augment_image(picture, np.random.default_rng(0), flip=1.0, crop=1.0,
    ...                          brightness=0.0)
    >>> mirrored[0, :, 0].tolist()                 # now the right half is bright
    [0, 0, 200, 200]
    """
    _check_picture(image)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0), not {rng!r}"
        )
    flip = _fraction("flip", flip, 0.0, 1.0)
    crop = _fraction("crop", crop, 0.05, 1.0)
    brightness = _fraction("brightness", brightness, 0.0, 1.0)
    height, width = image.shape[:2]
    if rng.random() < flip:
        image = image[:, ::-1]
    side = max(1, round(min(height, width) * rng.uniform(crop, 1.0)))
    top = int(rng.integers(0, height - side + 1))
    left = int(rng.integers(0, width - side + 1))
    window = Image.fromarray(np.ascontiguousarray(image[top : top + side, left : left + side]))
    resized = np.asarray(window.resize((width, height), RESAMPLING), dtype=np.float32)
    factor = rng.uniform(1.0 - brightness, 1.0 + brightness)
    return np.clip(resized * factor, 0, 255).round().astype(np.uint8)


def augment(
    *, seed: int, epoch: int = 0, flip: float = 0.5, crop: float = 0.8, brightness: float = 0.2
) -> Callable[[Iterable[Batch]], Generator[Batch, None, None]]:
    """A stage: :func:`augment_image` on every picture of every ``(pictures, labels)`` batch.

    One generator, ``numpy.random.default_rng([seed, epoch])``, is made when the stage
    starts and used for every picture in turn: the same seed and epoch give the same changes.
    """
    _whole("seed", seed)
    _whole("epoch", epoch)
    settings = {
        "flip": _fraction("flip", flip, 0.0, 1.0),
        "crop": _fraction("crop", crop, 0.05, 1.0),
        "brightness": _fraction("brightness", brightness, 0.0, 1.0),
    }

    def augment_stage(batches: Iterable[Batch]) -> Generator[Batch, None, None]:
        rng = np.random.default_rng([seed, epoch])
        for pictures, labels in batches:
            yield [augment_image(picture, rng, **settings) for picture in pictures], labels

    return augment_stage


def _channels(name: str, values: object) -> np.ndarray:
    try:
        array = None if isinstance(values, str) else np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != (3,) or not np.all(np.isfinite(array)):
        raise ValueError(
            f"{name} must be 3 finite numbers, one per channel (R, G, B), not {values!r}"
        )
    return array


def normalise(
    images: np.ndarray, mean: Sequence[float], std: Sequence[float]
) -> np.ndarray:
    """``uint8`` pictures as ``float32``: divided by 255, then ``(x - mean) / std`` per channel.

    ``images`` has shape ``(..., 3)``; ``mean`` and ``std`` hold one number per channel,
    on the 0-1 scale.

    >>> normalise(np.full((1, 1, 3), 255, np.uint8), [0.5, 0.5, 0.5], [0.25, 0.5, 1.0])
    array([[[2. , 1. , 0.5]]], dtype=float32)
    """
    if not isinstance(images, np.ndarray) or images.dtype != np.uint8 or images.ndim < 1 \
            or images.shape[-1] != 3:
        raise TypeError(
            "images must be a uint8 NumPy array with 3 channels last, (..., 3), not "
            f"{getattr(images, 'dtype', type(images).__name__)} "
            f"{getattr(images, 'shape', '')}".rstrip()
        )
    return _normalised(images, *_scale_and_offset(mean, std))


def _scale_and_offset(mean: object, std: object) -> tuple[np.ndarray, np.ndarray]:
    """``(x / 255 - mean) / std`` is ``x * scale - offset``: two float32 arrays, one per channel."""
    centre = _channels("mean", mean)
    spread = _channels("std", std)
    if np.any(spread <= 0):
        raise ValueError(f"std must be above 0 in every channel, not {std!r}")
    return (1 / (255 * spread)).astype(np.float32), (centre / spread).astype(np.float32)


def _normalised(images: np.ndarray, scale: np.ndarray, offset: np.ndarray) -> np.ndarray:
    rescaled = images.astype(np.float32)
    rescaled *= scale
    rescaled -= offset
    return rescaled


def rescale(
    mean: Sequence[float] = (0.5, 0.5, 0.5), std: Sequence[float] = (0.25, 0.25, 0.25)
) -> Callable[[Iterable[Batch]], Generator[Batch, None, None]]:
    """A stage: every picture of every ``(pictures, labels)`` batch through :func:`normalise`."""
    scale, offset = _scale_and_offset(mean, std)  # checks the settings now, once

    def rescale_stage(batches: Iterable[Batch]) -> Generator[Batch, None, None]:
        for pictures, labels in batches:
            for picture in pictures:
                _check_picture(picture)
            yield [_normalised(picture, scale, offset) for picture in pictures], labels

    return rescale_stage


def stacked(batches: Iterable[Batch]) -> Generator[tuple[np.ndarray, np.ndarray], None, None]:
    """The last stage: the pictures of each batch as one ``(batch, height, width, 3)`` array.

    >>> pictures = [np.zeros((2, 2, 3), np.float32)] * 4
    >>> x, y = next(stacked([(pictures, np.eye(4))]))
    >>> x.shape, y.shape
    ((4, 2, 2, 3), (4, 4))
    """
    for pictures, labels in batches:
        if len(pictures) != len(labels):
            raise ValueError(
                f"a batch has {len(pictures)} pictures but {len(labels)} labels: each picture "
                "needs exactly one label"
            )
        shapes = {np.shape(picture) for picture in pictures}
        if len(shapes) > 1:
            raise ValueError(
                f"the pictures of a batch differ in shape ({sorted(shapes)}): resize them all "
                "to one size first (read_images(size))"
            )
        yield np.stack(pictures), np.asarray(labels)


def image_batches(
    root: Path | str,
    *,
    size: int = 64,
    batch_size: int = 32,
    seed: int = 0,
    epoch: int = 0,
    augmented: bool = True,
    drop_last: bool = False,
    mean: Sequence[float] = (0.5, 0.5, 0.5),
    std: Sequence[float] = (0.25, 0.25, 0.25),
) -> Pipeline:
    """The whole image pipeline over the dataset in ``root``, for one epoch.

    Yields ``(x, y)``: ``x`` a ``float32`` array ``(batch, size, size, 3)``, ``y`` the
    one-hot labels ``(batch, classes)``.  Use it in a ``with`` block (or close it): that
    closes every stage.  ``augmented=False`` leaves out the augmentation (for checking a
    model, not training it).  Every setting is checked at the call.

    >>> import tempfile
    >>> from lessons_lib.sample_images import shape_images
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = shape_images(10, folder=tmp)
    ...     with image_batches(root, size=16, batch_size=4) as pipeline:
    ...         print([(x.shape, y.shape) for x, y in pipeline])
    [((4, 16, 16, 3), (4, 4)), ((4, 16, 16, 3), (4, 4)), ((2, 16, 16, 3), (2, 4))]
    """
    items = discover_images(root)
    stages = [
        shuffled(seed=seed, epoch=epoch),
        batches(batch_size, drop_last=drop_last),
        encode_labels(len(class_names(root))),
        read_images(size),
    ]
    if not isinstance(augmented, bool):
        raise TypeError(f"augmented must be True or False, not {augmented!r}")
    if augmented:
        stages.append(augment(seed=seed, epoch=epoch))
    stages += [rescale(mean, std), stacked]
    return Pipeline(items, *stages)


def load_all(root: Path | str, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The eager way: read every image of the dataset first, as one ``uint8`` array.

    Returns ``(pictures, labels)``: shape ``(count, size, size, 3)`` and the integer
    labels, in :func:`discover_images` order.  Memory grows with the dataset:
    ``count * size * size * 3`` bytes for the pictures alone.

    >>> import tempfile
    >>> from lessons_lib.sample_images import shape_images
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     pictures, labels = load_all(shape_images(6, folder=tmp), 8)
    >>> pictures.shape, pictures.nbytes, labels.tolist()
    ((6, 8, 8, 3), 1152, [0, 0, 1, 1, 2, 3])
    """
    _check_size(size)
    items = discover_images(root)
    pictures = np.empty((len(items), size, size, 3), dtype=np.uint8)
    for index, (path, _) in enumerate(items):
        pictures[index] = load_image(path, size)
    return pictures, np.array([label for _, label in items], dtype=np.intp)
