"""Autosave to a recovery folder, and finding what a crashed session left behind.

Each open plan writes ``<key>.toml`` (the document text) and ``<key>.json``
(where it came from, when) to the folder; a clean save or close removes them.
Files still there at start-up were left by a session that did not end
cleanly, and the window offers to restore them.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RecoveryEntry:
    text_file: Path
    original: Path | None      # None for a plan never saved
    saved_at: datetime
    name: str

    def read(self) -> str:
        return self.text_file.read_text(encoding="utf-8")


class RecoveryStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _key(self, original: Path | None, session: str) -> str:
        ident = str(original.resolve()) if original else f"untitled:{session}"
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]

    def write(self, text: str, original: Path | None, session: str, name: str,
              now: datetime) -> Path:
        from planner.planfile import atomic_write  # not needed to paint the window

        self.folder.mkdir(parents=True, exist_ok=True)
        key = self._key(original, session)
        target = self.folder / f"{key}.toml"
        atomic_write(target, text.encode("utf-8"))
        meta = {"original": str(original.resolve()) if original else None,
                "saved_at": now.astimezone(UTC).isoformat(), "name": name,
                "pid": os.getpid()}
        atomic_write(self.folder / f"{key}.json", json.dumps(meta).encode("utf-8"))
        return target

    def discard(self, original: Path | None, session: str) -> None:
        key = self._key(original, session)
        for suffix in (".toml", ".json"):
            try:
                (self.folder / f"{key}{suffix}").unlink()
            except FileNotFoundError:
                pass

    def discard_entry(self, entry: RecoveryEntry) -> None:
        for f in (entry.text_file, entry.text_file.with_suffix(".json")):
            try:
                f.unlink()
            except FileNotFoundError:
                pass

    def pending(self) -> list[RecoveryEntry]:
        """Recovery files on disk, newest first (unreadable ones are skipped)."""
        if not self.folder.is_dir():
            return []
        out = []
        for meta_file in self.folder.glob("*.json"):
            text_file = meta_file.with_suffix(".toml")
            try:
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
                saved = datetime.fromisoformat(meta["saved_at"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if not text_file.is_file():
                continue
            original = Path(meta["original"]) if meta.get("original") else None
            out.append(RecoveryEntry(text_file, original, saved, str(meta.get("name", ""))))
        return sorted(out, key=lambda e: e.saved_at, reverse=True)
