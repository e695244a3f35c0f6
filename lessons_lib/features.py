"""From a picture of one shape to a short row of numbers a linear model can learn from (lesson 09).

Lesson 08's shapes sit at random places, in random sizes and colours, on a plain background.
A linear model on raw pixels learns little from that (a circle on the left and one on the right
share no pixels).  :func:`shape_features` keeps what says *which* shape it is:

1. the shape's mask: pixels whose colour is far from the background's (the top-left pixel);
2. the mask cropped to the shape's bounding box, so place and size no longer matter;
3. downscaled to ``side`` x ``side`` by picking evenly spaced rows and columns, and flattened.

>>> image = np.zeros((6, 6, 3), dtype=np.uint8); image[2:4, 1:5] = 200   # a 2 x 4 bar
>>> shape_features(image, side=2)
array([1., 1., 1., 1.])
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["shape_features"]


def shape_features(image: Any, side: int = 12, threshold: int = 60) -> np.ndarray:
    """The shape's mask, cropped to its bounding box, ``side`` x ``side``, as one flat row of 0/1.

    ``image`` is an RGB array (height, width, 3), e.g. from ``lessons_lib.images.load_image``;
    a pixel belongs to the shape when its colour differs from the top-left pixel's by more than
    ``threshold`` (summed over the three channels).  An image with no such pixel gives zeros.

    >>> image = np.zeros((8, 8, 3), dtype=np.uint8); image[1:7, 1:7] = 255
    >>> shape_features(image, side=3).reshape(3, 3)
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    """
    if isinstance(side, bool) or not isinstance(side, int) or side < 1:
        raise ValueError(f"side must be a whole number of pixels, at least 1, got {side!r}")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0:
        raise ValueError(f"threshold must be a number 0 or more, got {threshold!r}")
    pixels = np.asarray(image)
    if pixels.ndim != 3 or pixels.shape[2] != 3 or 0 in pixels.shape:
        raise ValueError(
            f"image must be an RGB array of shape (height, width, 3), got shape {pixels.shape}; "
            "load it with lessons_lib.images.load_image(path, size)"
        )
    pixels = pixels.astype(np.int64)
    mask = np.abs(pixels - pixels[0, 0]).sum(axis=2) > threshold
    if not mask.any():
        return np.zeros(side * side)
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    pick_rows = np.linspace(rows[0], rows[-1], side).round().astype(int)
    pick_cols = np.linspace(cols[0], cols[-1], side).round().astype(int)
    return mask[np.ix_(pick_rows, pick_cols)].ravel().astype(float)
