"""Softmax regression in NumPy, trained with mini-batch SGD from any batch iterator (lesson 09).

The model is a weight matrix ``W`` (features x classes) and a bias ``b``: the scores of a
row ``x`` are ``x @ W + b``, softmax turns them into probabilities, and the loss is the
mean cross-entropy of the true classes.  One SGD step moves ``W`` and ``b`` a little
against the gradient of the loss on one batch.

>>> rng = np.random.default_rng(0)
>>> x = rng.normal(size=(200, 2)); y = (x[:, 0] > 0).astype(int)
>>> model = SoftmaxRegression(n_features=2, n_classes=2)
>>> losses = model.fit_epoch(array_batches(ArrayDataset(x, y), 20), learning_rate=0.5)
>>> len(losses), losses[0] > losses[-1], model.accuracy(x, y) > 0.9
(10, True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from lessons_lib.loaders import ArrayDataset, array_batches  # noqa: F401 - used by the doctest

__all__ = ["SoftmaxRegression"]


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number, at least 1, got {value!r}")
    return int(value)


class SoftmaxRegression:
    """A linear classifier with softmax probabilities, starting from all-zero weights."""

    def __init__(self, n_features: int, n_classes: int) -> None:
        self.n_features = _whole(n_features, "n_features")
        self.n_classes = _whole(n_classes, "n_classes")
        if self.n_classes < 2:
            raise ValueError(f"n_classes must be at least 2 to classify anything, got {n_classes}")
        self.weights = np.zeros((self.n_features, self.n_classes))
        self.bias = np.zeros(self.n_classes)

    def _check(self, x: Any, y: Any | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(
                f"x must have shape (rows, {self.n_features}), got {x.shape}; flatten each "
                "example into one row of features (x.reshape(len(x), -1))"
            )
        if y is None:
            return x, None
        y = np.asarray(y)
        if y.shape != (len(x),) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(
                f"y must hold one whole-number class per row of x ({len(x)}), got "
                f"shape {y.shape} of {y.dtype}"
            )
        if len(y) and (y.min() < 0 or y.max() >= self.n_classes):
            raise ValueError(
                f"y's classes must be 0 .. {self.n_classes - 1}, got {y.min()} .. {y.max()}"
            )
        return x, y

    def probabilities(self, x: Any) -> np.ndarray:
        """The probability of each class for each row of ``x``; every row sums to 1.

        >>> SoftmaxRegression(3, 4).probabilities(np.ones((1, 3)))
        array([[0.25, 0.25, 0.25, 0.25]])
        """
        x, _ = self._check(x)
        scores = x @ self.weights + self.bias
        scores -= scores.max(axis=1, keepdims=True)  # same softmax, and exp() cannot overflow
        exps = np.exp(scores)
        return exps / exps.sum(axis=1, keepdims=True)

    def loss(self, x: Any, y: Any) -> float:
        """The mean cross-entropy of the true classes (``log(n_classes)`` for the all-zero model).

        >>> round(SoftmaxRegression(2, 4).loss(np.ones((3, 2)), np.array([0, 1, 3])), 4)
        1.3863
        """
        x, y = self._check(x, y)
        p = self.probabilities(x)[np.arange(len(y)), y]
        return float(-np.log(np.maximum(p, 1e-12)).mean())

    def step(self, x: Any, y: Any, learning_rate: float) -> float:
        """One SGD step on the batch ``(x, y)``; returns the batch's loss before the step."""
        x, y = self._check(x, y)
        if not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
            raise ValueError(f"learning_rate must be a number above 0, got {learning_rate!r}")
        if len(y) == 0:
            raise ValueError("an empty batch has no gradient; the loader should not yield one")
        p = self.probabilities(x)
        loss = float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())
        p[np.arange(len(y)), y] -= 1.0  # d(loss)/d(scores), times the batch size
        self.weights -= learning_rate * (x.T @ p) / len(y)
        self.bias -= learning_rate * p.mean(axis=0)
        return loss

    def fit_epoch(self, batches: Iterable[tuple[Any, Any]], learning_rate: float) -> list[float]:
        """An SGD step on every ``(x, y)`` batch in turn; the loss of each step.

        An iterator that is already used up gives no steps: the result is an empty list, and
        the model did not learn anything (make a new batch iterator for every epoch).
        """
        return [self.step(x, y, learning_rate) for x, y in batches]

    def predict(self, x: Any) -> np.ndarray:
        """The most probable class of each row."""
        return self.probabilities(x).argmax(axis=1)

    def accuracy(self, x: Any, y: Any) -> float:
        """The fraction of rows whose most probable class is the true one."""
        x, y = self._check(x, y)
        return float((self.predict(x) == y).mean())
