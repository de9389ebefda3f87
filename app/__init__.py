"""Overlap's application layer: entry points, main window wiring, CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("overlap")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
