"""Bundled data: the demo plan, fonts, icons."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO_PLAN = HERE / "demo.toml"
