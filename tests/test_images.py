"""Tests of lessons_lib.images: discovering a labelled folder tree and reading pictures."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lessons_lib.images import RESAMPLING, class_names, discover_images, load_image
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
