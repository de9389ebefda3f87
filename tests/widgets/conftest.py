"""Fixtures for widget tests: the bundled font, plans without network or holiday data,
and the ``--regen-golden`` switch for reference images."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite the golden PNGs of tests/widgets/golden (review the diff!)")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    # The option exists when pytest is pointed at tests/widgets; the variable
    # works from anywhere.
    try:
        flag = bool(request.config.getoption("--regen-golden"))
    except ValueError:
        flag = False
    return flag or os.environ.get("OVERLAP_REGEN_GOLDEN") == "1"


@pytest.fixture
def bundled_font(qapp):
    from widgets.fonts import bundled_font as load

    return load(pixel_size=12)
