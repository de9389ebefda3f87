"""Bundled data: the demo plan, fonts, icons.

The bundled demo plan is part of Overlap (tracked in the source, read-only when
installed): nothing writes it or into its folder (DESIGN.md, "Meetings").
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO_PLAN = HERE / "demo.toml"
DEMO_FOLDER_REFUSED = "Overlap does not write into the folder of its bundled demo plan"


def is_bundled_demo(path: str | Path | None) -> bool:
    """Whether ``path`` is the demo plan shipped with Overlap (however it is named)."""
    if path is None:
        return False
    try:
        return Path(path).resolve() == DEMO_PLAN.resolve() or Path(path).samefile(DEMO_PLAN)
    except OSError:
        return False


def in_demo_folder(path: Path) -> bool:
    """Whether writing ``path`` would put a file beside the bundled demo plan."""
    return path.resolve().is_relative_to(DEMO_PLAN.resolve().parent)
