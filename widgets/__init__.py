"""PySide6 widgets and models over the planner (never imports ``app``)."""

from ._qt_compat import guard_none_refcount

guard_none_refcount()
