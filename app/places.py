"""Where the window proposes to write files, and the one place it never writes.

The bundled demo plan is part of Overlap (tracked in the source, read-only
when installed), so the window opens it as an untitled copy and refuses to
write into its folder (DESIGN.md, "Meetings": the demo is never written).
Save As and Export without a file of their own start in the user's
documents folder, as the platform names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    """The user's documents folder (home when the platform names none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def file_name_for(name: str, suffix: str) -> str:
    """A file name from a plan's name: "Payments platform" -> "payments-platform.toml"."""
    stem = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.").lower()
    return f"{stem or 'plan'}{suffix}"


