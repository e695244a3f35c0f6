"""Tests of lessons_lib.images: discovering a labelled folder tree and reading pictures."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from lessons_lib.images import (
    RESAMPLING,
    augment,
    augment_image,
    batches,
    class_names,
    discover_images,
    encode_labels,
    image_batches,
    load_all,
    load_image,
    normalise,
    one_hot,
    read_images,
    rescale,
    shuffled,
    stacked,
)
from lessons_lib.pipelines import Pipeline
from lessons_lib.sample_images import SHAPES, shape_images


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shape_images(20, seed=4, folder=tmp_path_factory.mktemp("shapes"))


def make_tree(root: Path, files: dict[str, bytes | None]) -> Path:
    """Files under ``root``: None makes a small PNG, bytes are written as they are."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            Image.new("RGB", (5, 4), (10, 20, 30)).save(path)
        else:
            path.write_bytes(content)
    return root


# --- discovery --------------------------------------------------------------------------------


def test_discovery_finds_every_image_once_with_its_class_label(shapes: Path) -> None:
    items = discover_images(shapes)
    assert class_names(shapes) == list(SHAPES)
    assert len(items) == 20 and len({path for path, _ in items}) == 20
    assert {path for path, _ in items} == set(shapes.rglob("*.png"))
    for path, label in items:
        assert path.parent.name == SHAPES[label]
    assert items == sorted(items, key=lambda item: (item[1], item[0]))


def test_discovery_accepts_a_str_and_nested_folders(tmp_path: Path) -> None:
    files = {"b/x/1.PNG": None, "a/2.jpg": None, "a/.hidden.txt": b"", "notes.txt": b""}
    make_tree(tmp_path, files)
    items = discover_images(str(tmp_path))
    assert [(p.relative_to(tmp_path).as_posix(), label) for p, label in items] == [
        ("a/2.jpg", 0),
        ("b/x/1.PNG", 1),
    ]


def test_hidden_folders_are_neither_classes_nor_searched(tmp_path: Path) -> None:
    make_tree(tmp_path, {".cache/1.png": None, "a/.thumbs/2.txt": b"", "a/3.png": None})
    assert class_names(tmp_path) == ["a"]
    assert [p.name for p, _ in discover_images(tmp_path)] == ["3.png"]


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="has no class folders"):
        discover_images(tmp_path)


def test_a_class_without_images_is_named(tmp_path: Path) -> None:
    make_tree(tmp_path, {"cat/1.png": None, "dog/.keep": b""})
    with pytest.raises(ValueError, match="class folder 'dog' .* has no images"):
        discover_images(tmp_path)


def test_a_file_that_is_not_an_image_is_named(tmp_path: Path) -> None:
    make_tree(tmp_path, {"cat/1.png": None, "cat/notes.txt": b"hello"})
    with pytest.raises(ValueError, match="'cat/notes.txt' .* is not an image"):
        discover_images(tmp_path)


def test_a_missing_root_or_a_file_as_root_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no folder .*shape_images"):
        discover_images(tmp_path / "missing")
    (tmp_path / "file.png").write_bytes(b"")
    with pytest.raises(NotADirectoryError, match="is a file"):
        class_names(tmp_path / "file.png")


# --- loading ----------------------------------------------------------------------------------


def test_load_gives_uint8_rgb_of_the_asked_size(shapes: Path) -> None:
    for path, _ in discover_images(shapes)[:6]:
        for size in (1, 17, 64, 200):
            array = load_image(path, size)
            assert array.shape == (size, size, 3) and array.dtype == np.uint8


def test_load_matches_pillow_with_the_stated_filter(shapes: Path) -> None:
    path = discover_images(shapes)[0][0]
    with Image.open(path) as picture:
        expected = np.asarray(picture.convert("RGB").resize((32, 32), RESAMPLING))
    assert np.array_equal(load_image(path, 32), expected)
    assert RESAMPLING == Image.Resampling.BILINEAR


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "1", "I;16"])
def test_any_mode_becomes_three_channels(tmp_path: Path, mode: str) -> None:
    path = tmp_path / f"picture-{mode.replace(';', '')}.png"
    Image.new(mode, (9, 7)).save(path)
    assert load_image(path, 5).shape == (5, 5, 3)


def test_a_file_that_is_not_an_image_is_named_when_loaded(tmp_path: Path) -> None:
    fake = tmp_path / "fake.png"
    fake.write_text("not a picture")
    with pytest.raises(ValueError, match="fake.png' is not an image Pillow can read"):
        load_image(fake, 8)


def test_a_truncated_image_is_named_when_loaded(tmp_path: Path) -> None:
    whole = tmp_path / "whole.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (40, 40, 3), np.uint8)).save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:300])
    with pytest.raises(ValueError, match="cut.png' is not an image Pillow can read"):
        load_image(cut, 8)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_load_closes_the_file(shapes: Path) -> None:
    path = discover_images(shapes)[0][0]
    before = set(os.listdir("/proc/self/fd"))
    for _ in range(5):
        load_image(path, 8)
    assert {os.readlink(f"/proc/self/fd/{fd}") for fd in set(os.listdir("/proc/self/fd")) - before
            if os.path.exists(f"/proc/self/fd/{fd}")} & {str(path)} == set()


# --- the stages after discovery ----------------------------------------------------------------



@given(items=st.lists(st.integers()), size=st.integers(1, 12))
def test_property_batching_never_loses_or_repeats_an_item(items: list[int], size: int) -> None:
    got = list(batches(size)(items))
    assert [item for batch in got for item in batch] == items
    assert all(len(batch) == size for batch in got[:-1])


@given(items=st.lists(st.integers()), size=st.integers(1, 12))
def test_property_the_last_partial_batch_is_kept_unless_dropped(
    items: list[int], size: int
) -> None:
    kept = list(batches(size)(items))
    dropped = list(batches(size, drop_last=True)(items))
    assert len(kept) == -(-len(items) // size)  # ceiling division: a short last batch counts
    assert dropped == [batch for batch in kept if len(batch) == size]
    assert len(dropped) == len(items) // size


@given(labels=st.lists(st.integers(0, 9)), extra=st.integers(0, 5))
def test_property_one_hot_round_trips(labels: list[int], extra: int) -> None:
    classes = max(labels, default=0) + 1 + extra
    encoded = one_hot(labels, classes)
    assert encoded.shape == (len(labels), classes) and encoded.dtype == np.float32
    assert encoded.argmax(axis=1).tolist() == labels if labels else encoded.size == 0
    assert np.all(encoded.sum(axis=1) == 1)


@given(
    items=st.lists(st.integers(), unique=True), seed=st.integers(0, 2**32), epoch=st.integers(0, 50)
)
def test_property_shuffling_is_a_reproducible_permutation(
    items: list[int], seed: int, epoch: int
) -> None:
    once = list(shuffled(seed=seed, epoch=epoch)(items))
    assert sorted(once) == sorted(items)
    assert list(shuffled(seed=seed, epoch=epoch)(iter(items))) == once


def test_another_epoch_or_seed_gives_another_order() -> None:
    items = list(range(50))
    orders = {tuple(shuffled(seed=s, epoch=e)(items)) for s in range(3) for e in range(3)}
    assert len(orders) == 9


def test_one_hot_refuses_labels_outside_the_classes() -> None:
    with pytest.raises(ValueError, match="label 3 is outside 0..2"):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match="label -1 is outside"):
        one_hot([-1], 3)
    with pytest.raises(TypeError, match="flat sequence of whole numbers"):
        one_hot([0.5], 3)


def test_the_stages_in_order_give_stacked_normalised_batches(shapes: Path) -> None:
    items = discover_images(shapes)
    with Pipeline(items, shuffled(seed=0), batches(8), encode_labels(4), read_images(24),
                  augment(seed=0), rescale(), stacked) as pipeline:
        got = list(pipeline)
    assert [x.shape for x, _ in got] == [(8, 24, 24, 3), (8, 24, 24, 3), (4, 24, 24, 3)]
    assert all(x.dtype == np.float32 and y.dtype == np.float32 for x, y in got)
    # every label once, and each batch's labels match its files' classes
    assert sorted(np.concatenate([y.argmax(axis=1) for _, y in got]).tolist()) == sorted(
        label for _, label in items
    )
    # rescaled: (x / 255 - 0.5) / 0.25 lies in [-2, 2]
    assert all(x.min() >= -2.0 and x.max() <= 2.0 for x, _ in got)


def test_labels_travel_with_their_pictures(shapes: Path) -> None:
    """Without augmentation, each stacked picture equals its file read alone, with its label."""
    items = discover_images(shapes)
    order = list(shuffled(seed=3)(items))
    with image_batches(shapes, size=16, batch_size=6, seed=3, augmented=False) as pipeline:
        done = 0
        for x, y in pipeline:
            for picture, target in zip(x, y, strict=True):
                path, label = order[done]
                assert target.argmax() == label
                assert np.allclose(picture, normalise(load_image(path, 16), [0.5] * 3, [0.25] * 3))
                done += 1
    assert done == len(items)


def test_augmentation_is_seeded_and_changes_pictures(shapes: Path) -> None:
    def first_batch(seed: int, epoch: int = 0) -> np.ndarray:
        with image_batches(shapes, size=20, batch_size=5, seed=seed, epoch=epoch) as pipeline:
            return next(pipeline)[0]

    assert np.array_equal(first_batch(1), first_batch(1))
    assert not np.array_equal(first_batch(1), first_batch(1, epoch=1))
    with image_batches(shapes, size=20, batch_size=5, seed=1, augmented=False) as plain:
        assert not np.array_equal(next(plain)[0], first_batch(1))


def test_augment_image_keeps_shape_and_type_and_identity_settings_change_nothing() -> None:
    picture = np.random.default_rng(0).integers(0, 256, (9, 13, 3), dtype=np.uint8)
    rng = np.random.default_rng(1)
    for _ in range(20):
        changed = augment_image(picture, rng)
        assert changed.shape == picture.shape and changed.dtype == np.uint8
    # crop=1.0 on a non-square picture still picks a square window: only a square stays identical
    square = picture[:9, :9].copy()
    assert np.array_equal(augment_image(square, rng, flip=0.0, crop=1.0, brightness=0.0), square)


def test_stacked_refuses_mismatched_batches() -> None:
    with pytest.raises(ValueError, match="2 pictures but 3 labels"):
        next(stacked([([np.zeros((2, 2, 3))] * 2, np.eye(3))]))
    with pytest.raises(ValueError, match="differ in shape"):
        next(stacked([([np.zeros((2, 2, 3)), np.zeros((3, 3, 3))], np.eye(2))]))


def test_image_batches_drop_last_and_closes_files_on_an_error(tmp_path: Path) -> None:
    root = shape_images(9, folder=tmp_path)
    with image_batches(root, size=8, batch_size=4, drop_last=True) as pipeline:
        assert [x.shape[0] for x, _ in pipeline] == [4, 4]
    # a file that is not an image, met in the middle of an epoch: named, and everything closed
    bad = root / "star" / "star_00002.png"
    bad.write_bytes(b"broken")
    pipeline = image_batches(root, size=8, batch_size=2, seed=0, augmented=False)
    with pytest.raises(ValueError, match="star_00002.png' is not an image Pillow can read"), \
            pipeline:
        list(pipeline)
    assert pipeline.closed and all(
        inspect.getgeneratorstate(stage) == inspect.GEN_CLOSED for stage in pipeline.stages
    )


def test_load_all_is_the_eager_twin_of_the_pipeline(shapes: Path) -> None:
    pictures, labels = load_all(shapes, 12)
    items = discover_images(shapes)
    assert pictures.shape == (len(items), 12, 12, 3) and pictures.nbytes == len(items) * 12 * 12 * 3
    assert labels.tolist() == [label for _, label in items]
    assert np.array_equal(pictures[5], load_image(items[5][0], 12))
