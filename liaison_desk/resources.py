"""Locate the files under ``resources/`` from a checkout, an installed wheel or a frozen build.

The wheel ships ``resources/`` as ``liaison_desk/resources`` (see pyproject.toml) and the
PyInstaller spec does the same, so one lookup through importlib.resources covers both; a
checkout (editable install, tests) falls back to the folder beside the package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


@cache
def resource_root() -> Traversable:
    packaged = resources.files("liaison_desk").joinpath("resources")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    """A file or folder below ``resources/``; read it with ``read_text``/``read_bytes``."""
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def resource_path(*parts: str) -> Path:
    """A real filesystem path, for libraries (fonts, images) that insist on one."""
    node = resource(*parts)
    if isinstance(node, Path):
        return node
    # Installed wheels and frozen builds unpack to real folders, so this is a plain path there.
    return Path(str(node))
