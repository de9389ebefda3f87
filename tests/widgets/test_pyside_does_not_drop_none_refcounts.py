"""Regression: PySide6-Essentials 6.12.0 dropped a reference to None on every void
Qt call (and to True on Signal.emit); Python 3.11 aborted mid-repaint with
"deallocating None".  pyproject excludes that release; this test fails if a
locked or installed version brings the bug back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def test_void_calls_and_emit_keep_singleton_refcounts(qapp):
    obj = _Probe()
    before = sys.getrefcount(None)
    for _ in range(200):
        obj.setObjectName("probe")  # a C++ method returning void
    assert sys.getrefcount(None) >= before - 5
    before = sys.getrefcount(True)
    for _ in range(200):
        obj.fired.emit()
    assert sys.getrefcount(True) >= before - 5
