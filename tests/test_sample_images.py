"""Tests of lessons_lib.sample_images: real PNG files, deterministic, balanced, never half-made."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lessons_lib import sample_data, sample_images
from lessons_lib.sample_images import (
    COMPLETE_MARKER,
    SHAPES,
    SHAPES_SAMPLE,
    draw_shape,
    shape_images,
)


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as picture:
        return np.asarray(picture.convert("RGB"))


def test_the_layout_is_one_folder_per_class_of_real_pngs(tmp_path: Path) -> None:
    root = shape_images(12, seed=3, folder=tmp_path)
    assert root == tmp_path / "shapes_n12_seed3_48-96px"
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == list(SHAPES)
    files = sorted(root.rglob("*.png"))
    assert len(files) == 12
    for shape in SHAPES:  # balanced: image i is of class SHAPES[i % 4]
        assert len(list((root / shape).glob("*.png"))) == 3
    for file in files:
        with Image.open(file) as picture:
            assert picture.format == "PNG" and picture.mode == "RGB"
            assert 48 <= picture.width <= 96 and 48 <= picture.height <= 96
        index = int(file.stem.rsplit("_", 1)[1])
        assert file.parent.name == SHAPES[index % 4] == file.stem.rsplit("_", 1)[0]


def test_sizes_colours_and_positions_vary(tmp_path: Path) -> None:
    root = shape_images(40, folder=tmp_path)
    sizes = set()
    corners = set()
    for file in root.rglob("*.png"):
        with Image.open(file) as picture:
            sizes.add(picture.size)
            corners.add(tuple(np.asarray(picture)[:4, :4].reshape(-1, 3).mean(axis=0) // 32))
    assert len(sizes) >= 30  # 40 random (width, height) pairs from 49 x 49 choices
    assert len(corners) >= 10  # backgrounds of many colours


def test_the_shape_stands_out_from_the_background() -> None:
    for index in range(16):
        array = np.asarray(draw_shape(index, seed=5), dtype=np.float64)
        background = np.median(array[:2, :2].reshape(-1, 3), axis=0)
        differs = np.abs(array - background).sum(axis=2) > 120
        # the shape covers a fair part of the picture, and is not the whole of it
        assert 0.05 < differs.mean() < 0.8, (index, differs.mean())


def test_the_same_arguments_give_the_same_pixels(tmp_path: Path) -> None:
    one = shape_images(8, seed=2, folder=tmp_path / "a")
    two = shape_images(8, seed=2, folder=tmp_path / "b")
    other = shape_images(8, seed=3, folder=tmp_path / "c")
    for file in sorted(one.rglob("*.png")):
        relative = file.relative_to(one)
        assert np.array_equal(pixels(file), pixels(two / relative))
        assert not np.array_equal(pixels(file), pixels(other / relative))


def test_a_smaller_dataset_starts_like_a_larger_one(tmp_path: Path) -> None:
    small = shape_images(4, seed=7, folder=tmp_path)
    large = shape_images(9, seed=7, folder=tmp_path)
    for file in small.rglob("*.png"):
        assert np.array_equal(pixels(file), pixels(large / file.relative_to(small)))


def test_a_finished_dataset_is_reused_not_redrawn(tmp_path: Path) -> None:
    root = shape_images(8, folder=tmp_path)
    stamp = (root / "circle" / "circle_00000.png").stat().st_mtime_ns
    time.sleep(0.01)
    assert shape_images(8, folder=tmp_path) == root
    assert (root / "circle" / "circle_00000.png").stat().st_mtime_ns == stamp


def test_an_interrupted_run_leaves_nothing_that_looks_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = sample_images.draw_shape

    def failing(index: int, **kwargs: int) -> Image.Image:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt
        return real(index, **kwargs)

    monkeypatch.setattr(sample_images, "draw_shape", failing)
    with pytest.raises(KeyboardInterrupt):
        shape_images(8, folder=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [sample_data.LOCK_NAME]
    monkeypatch.setattr(sample_images, "draw_shape", real)
    root = shape_images(8, folder=tmp_path)
    assert len(list(root.rglob("*.png"))) == 8 and (root / COMPLETE_MARKER).is_file()


def test_a_folder_without_the_marker_is_rebuilt(tmp_path: Path) -> None:
    half = tmp_path / "shapes_n8_seed0_48-96px"
    (half / "circle").mkdir(parents=True)
    (half / "circle" / "junk.png").write_bytes(b"not finished")
    root = shape_images(8, folder=tmp_path)
    assert root == half and not (root / "circle" / "junk.png").exists()
    assert len(list(root.rglob("*.png"))) == 8


def test_a_killed_runs_temporary_folder_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".shapes_n8_seed0_48-96px.1234-abcd.tmp"
    (stale / "circle").mkdir(parents=True)
    shape_images(8, folder=tmp_path)
    assert not stale.exists()


def test_the_default_folder_is_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONS_DATA_DIR", os.fspath(tmp_path))
    assert shape_images(4).parent == tmp_path
    assert sample_data.shape_images is shape_images  # re-exported where the other data lives


def test_other_sides_name_another_dataset(tmp_path: Path) -> None:
    root = shape_images(4, folder=tmp_path, min_side=16, max_side=20)
    assert root.name == "shapes_n4_seed0_16-20px"
    for file in root.rglob("*.png"):
        with Image.open(file) as picture:
            assert min(picture.size) >= 16 and max(picture.size) <= 20



def test_the_committed_sample_is_what_the_generator_draws(tmp_path: Path) -> None:
    from lessons_lib.images import discover_images

    fresh = shape_images(8, seed=0, folder=tmp_path, min_side=32, max_side=48)
    committed = sorted(sample_images.SHAPES_SAMPLE.rglob("*.png"))
    assert [p.relative_to(sample_images.SHAPES_SAMPLE) for p in committed] == [
        p.relative_to(fresh) for p in sorted(fresh.rglob("*.png"))
    ]
    for file in committed:
        assert np.array_equal(pixels(file), pixels(fresh / file.relative_to(SHAPES_SAMPLE)))
    assert sum(file.stat().st_size for file in committed) < 60_000  # small enough to commit
    assert len(discover_images(SHAPES_SAMPLE)) == 8
