"""The stages of an image preprocessing pipeline, each one small function or generator.

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

import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

__all__ = ["IMAGE_SUFFIXES", "RESAMPLING", "class_names", "discover_images", "load_image"]

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
