"""Bundled data: the demo plan, the font, the app icon, the Linux desktop files.

Found through :mod:`importlib.resources`, so they come from wherever this package
is installed (a checkout, an installed wheel, a PyInstaller bundle), never from a
path relative to the source tree. The files must be real files (Qt and the plan
reader open them by name), which excludes an import from a zip archive.

The bundled demo plan is part of Overlap (tracked in the source, read-only when
installed): nothing writes it or into its folder (DESIGN.md, "Meetings").
"""

from importlib.resources import files
from pathlib import Path

from planner.i18n import N_

_root = files(__name__)
if not isinstance(_root, Path):  # pragma: no cover - a zip import
    raise ImportError(f"Overlap's resources are inside an archive ({_root}); "
                      "install Overlap as files (pip, pipx, uv or the bundle)")

HERE: Path = _root
DEMO_PLAN = HERE / "demo.toml"
# Translated where shown: _(DEMO_FOLDER_REFUSED).
DEMO_FOLDER_REFUSED = N_("Overlap does not write into the folder of its bundled demo plan")
FONT_FILE = HERE / "fonts" / "DejaVuSans.ttf"

# The reverse-DNS name the desktop entry, the icon, the AppStream metadata and the
# window (Wayland's app id) share.
APP_ID = "io.github.overlap.Overlap"
ICON_SVG = HERE / "icons" / "overlap.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_png(size: int) -> Path:
    """The app icon rendered at ``size`` pixels (packaging/render-icons makes them)."""
    return HERE / "icons" / f"overlap-{size}.png"


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

# gettext catalogs: resources/locale/<lang>/LC_MESSAGES/overlap.mo (DESIGN.md, "Languages").
LOCALE_DIR = HERE / "locale"
