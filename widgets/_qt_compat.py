"""Work around a reference-count bug of PySide6 6.12.0 on CPython 3.11.

That release returns ``None`` from every C++ method declared ``void`` without
taking a reference to it, so each call (``QPainter.drawLine``, ``update()``...)
lowers ``None``'s reference count by one.  Python 3.12 made ``None`` immortal
(PEP 683) and never notices; on 3.11 the count reaches zero after a few
thousand calls -- one repaint of the grid -- and the interpreter aborts with
"none_dealloc: deallocating None".  PySide6 6.11 is not affected; the real fix
is to pin ``PySide6-Essentials<6.12`` (reported to the lead).

Until then we detect the leak by behaviour (not by version number, so a fixed
build switches this off by itself) and give ``None`` a reference count so large
that no session can use it up, which is what 3.12 does for every interpreter.
"""

from __future__ import annotations

import sys

_PADDING = 1 << 50
_applied = False


def leaks_none() -> bool:
    """True when calling a void Qt method loses a reference to None."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(20):
        obj.blockSignals(False)  # returns bool: the control
        obj.setObjectName("probe")
    return sys.getrefcount(None) < before - 10


def guard_none_refcount() -> bool:
    """Apply the workaround when needed; returns whether it was applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _applied
    if not leaks_none():
        return False
    import ctypes

    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(None)).value += _PADDING
    _applied = True
    return True
