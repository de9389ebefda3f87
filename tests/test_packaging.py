"""What packaging relies on: bundled files found through importlib.resources, the app
icon at every size, and desktop entry, AppStream metadata and MIME type that agree
with each other and with the project (DESIGN.md, "Packaging").

Building and running the bundle, the tarball and the .deb is packaging/smoke-linux's
job, after the tests in .ci/run; it is too slow for this suite."""

from __future__ import annotations

import configparser
import struct
import tomllib
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest

import resources
from resources import APP_ID, DEMO_PLAN, FONT_FILE, ICON_SIZES, ICON_SVG, icon_png

ROOT = Path(__file__).resolve().parents[1]
LINUX = resources.HERE / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_bundled_files_come_from_the_installed_package_not_the_checkout():
    assert resources.HERE == files("resources")
    for path in (DEMO_PLAN, FONT_FILE, ICON_SVG):
        assert path.is_file() and path.is_relative_to(resources.HERE)


@pytest.mark.parametrize("size", ICON_SIZES)
def test_app_icon_png_at_every_size(size):
    data = icon_png(size).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])   # the IHDR chunk
    assert (width, height) == (size, size)


def test_svg_icon_uses_only_shapes_every_renderer_draws():
    svg = ET.parse(ICON_SVG).getroot()
    tags = {el.tag.split("}")[-1] for el in svg.iter()}
    assert not tags & {"use", "clipPath", "mask", "filter", "image", "text"}
    assert svg.get("viewBox") == "0 0 512 512"


def test_desktop_entry_names_the_icon_the_mime_type_and_takes_a_file():
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "overlap" and entry["Exec"].endswith("%f")
    mime = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    types = [t.get("type") for t in mime.iter(f"{MIME_NS}mime-type")]
    assert entry["MimeType"] == "".join(f"{t};" for t in types)
    globs = [g.get("pattern") for g in mime.iter(f"{MIME_NS}glob")]
    assert "*.toml" not in globs   # would claim every TOML file on the system
    magic = [m.get("value") for m in mime.iter(f"{MIME_NS}match")]
    assert all(value.encode() in DEMO_PLAN.read_bytes() for value in magic)


def test_appstream_metadata_matches_the_project():
    component = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"
    assert component.findall("screenshots/screenshot/image")
    releases = [r.get("version") for r in component.findall("releases/release")]
    assert releases[0] == _project_version(), "add a <release> for the new version"


def test_window_icon_and_desktop_file_name_are_set(qapp):
    from PySide6.QtGui import QIcon

    from app.gui import set_identity

    saved = (qapp.organizationName(), qapp.applicationName(),
             qapp.applicationDisplayName(), qapp.desktopFileName(), qapp.windowIcon())
    try:
        set_identity(qapp)
        assert qapp.desktopFileName() == APP_ID
        sizes = {s.width() for s in qapp.windowIcon().availableSizes()}
        assert sizes == set(ICON_SIZES)
    finally:
        qapp.setOrganizationName(saved[0])
        qapp.setApplicationName(saved[1])
        qapp.setApplicationDisplayName(saved[2])
        qapp.setDesktopFileName(saved[3])
        qapp.setWindowIcon(saved[4] if isinstance(saved[4], QIcon) else QIcon())
