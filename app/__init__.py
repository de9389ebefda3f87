"""Overlap's application layer: entry points, main window wiring, CLI."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def version() -> str:
    """The installed version.  Asked for only when shown: importlib.metadata (with the
    email package it loads) costs every start-up tens of milliseconds."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version("overlap")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+source"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
