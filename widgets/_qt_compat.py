"""Work around reference-count bugs of PySide6 6.12.0 on CPython 3.11.

That release returns ``None`` from every C++ method declared ``void``
without taking a reference to it, and ``Signal.emit`` does the same with the
``True`` it returns.  So each ``QPainter.drawLine`` lowers ``None``'s count by
one and each emitted signal lowers ``True``'s.  Python 3.12 made these objects
immortal (PEP 683) and never notices; on 3.11 a count reaches zero after a few
thousand calls -- one repaint of the grid, a few seconds of dragging -- and
the interpreter aborts ("none_dealloc: deallocating None" or "bool_dealloc").
PySide6 6.11 is not affected; the real fix is ``PySide6-Essentials<6.12`` or
``!=6.12.0`` (reported to the lead).

Until then we detect each leak by behaviour (not by version number, so a
fixed build switches this off by itself) and give the affected singleton a
reference count so large that no session can use it up, which is what 3.12
does for every interpreter.
"""

from __future__ import annotations

import sys

_PADDING = 1 << 50
_applied: set[str] = set()


def leaks() -> dict[str, bool]:
    """Which singletons lose a reference on ordinary Qt calls."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        fired = Signal()

    obj = _Probe()
    out = {}
    before = sys.getrefcount(None)
    for _ in range(20):
        obj.setObjectName("probe")         # a void method
    out["None"] = sys.getrefcount(None) < before - 10
    before = sys.getrefcount(True)
    for _ in range(20):
        obj.fired.emit()                   # returns True
    out["True"] = sys.getrefcount(True) < before - 10
    before = sys.getrefcount(False)
    for _ in range(20):
        obj.blockSignals(False)            # returns False (the previous state)
    out["False"] = sys.getrefcount(False) < before - 10
    return out


def leaks_none() -> bool:
    return leaks()["None"]


def guard_none_refcount() -> bool:
    """Apply the workaround where needed; returns whether anything was padded."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    found = leaks()
    if not any(found.values()):
        return bool(_applied)
    import ctypes

    for name, obj in (("None", None), ("True", True), ("False", False)):
        # Once one singleton leaks, pad all three: the same binding code
        # returns each of them somewhere.
        if name not in _applied:
            # ob_refcnt is the first field of every CPython object.
            ctypes.c_ssize_t.from_address(id(obj)).value += _PADDING
            _applied.add(name)
    return True
