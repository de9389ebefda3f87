"""Leave out the Qt plugins a desktop app does not load, and the libraries only they need.

PyInstaller's PySide6 hooks collect every plugin of the plugin types QtGui
uses. Some are for embedded devices (eglfs, linuxfb, vnc, evdev input) and
``platformthemes/libqgtk3.so`` pulls a private copy of cairo, pango and glib's
GTK stack (without GTK itself) that could clash with the system's GTK when the
plugin loads. Without them the window looks the same: Qt's own Fusion style,
and the XDG desktop portal theme for dialogs.

Only libraries that become unreachable when those plugins go are removed;
anything else PyInstaller found (ctypes look-ups, say) stays.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import PurePosixPath

PLUGINS = PurePosixPath("PySide6/Qt/plugins")

UNUSED_PLUGINS = (
    "platformthemes/libqgtk3.so",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqvnc.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqminimalegl.so",
    "egldeviceintegrations/",
    "generic/",
)

Entry = tuple[str, str, str]   # (destination in the bundle, source, type code)


def _needed(path: str) -> list[str]:
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True,
                         check=False).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def _is_plain_library(dest: str) -> bool:
    """Collected as someone's dependency rather than for its own sake."""
    p = PurePosixPath(dest)
    return p.name.startswith("lib") and ".so" in p.name and (
        len(p.parts) == 1 or p.parent == PurePosixPath("PySide6/Qt/lib"))


def _reachable(entries: Iterable[Entry]) -> set[str]:
    entries = list(entries)
    by_name: dict[str, list[Entry]] = {}
    for e in entries:
        by_name.setdefault(PurePosixPath(e[0]).name, []).append(e)
    todo = [e for e in entries if not _is_plain_library(e[0])]
    seen = {e[0] for e in todo}
    while todo:
        entry = todo.pop()
        for name in _needed(entry[1]):
            for dep in by_name.get(name, []):
                if dep[0] not in seen:
                    seen.add(dep[0])
                    todo.append(dep)
    return seen


def _unused_plugin(dest: str) -> bool:
    p = PurePosixPath(dest)
    if not p.is_relative_to(PLUGINS):
        return False
    rel = p.relative_to(PLUGINS).as_posix()
    return any(rel == u or (u.endswith("/") and rel.startswith(u)) for u in UNUSED_PLUGINS)


def prune(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Binaries and datas without the unused plugins, what only they needed, and the
    symbolic links to those (Linux only)."""
    if not sys.platform.startswith("linux"):
        return binaries, datas
    elf = [e for e in binaries if e[2] in ("BINARY", "EXTENSION")]
    before = _reachable(elf)
    kept = [e for e in elf if not _unused_plugin(e[0])]
    after = _reachable(kept)
    dropped = {e[0] for e in elf if _unused_plugin(e[0])} | (before - after)
    for name in sorted(dropped):
        print(f"qt_prune: leaving out {name}", file=sys.stderr)
    return ([e for e in binaries if e[0] not in dropped],
            [e for e in datas if not (e[2] == "SYMLINK" and e[1] in dropped)])
