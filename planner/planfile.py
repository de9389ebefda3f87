"""Plan files: TOML that people edit by hand.

The tomlkit document is the source of truth for what is written back, so
comments, key order and keys we do not know survive a save; the resolved
:class:`~planner.model.Plan` is derived from it (:func:`resolve`, in
:mod:`planner.planfile_resolve`).  Loading collects every problem (file,
line, field, what is wrong, how to fix it) and raises them together.  Saving
is atomic.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.i18n import _

from .errors import InputError, PlanFileError, Problem
from .files import read_capped
from .model import Plan
from .planfile_resolve import (
    CALENDAR_KEYS,
    COST_KEYS,
    DEFAULT_HOURS,
    DEFAULT_WEEKEND,
    FORMAT_VERSION,
    HOLIDAY_KEYS,
    MEMBER_KEYS,
    SITE_KEYS,
    TOP_KEYS,
    Regions,
    duplicate_key_line,
    parse_organizer,
    plain,
    resolve,
)

if TYPE_CHECKING:  # tomlkit loads when a plan is edited or fails to parse, not to read one
    import tomlkit

__all__ = [
    "CALENDAR_KEYS",
    "COST_KEYS",
    "DEFAULT_HOURS",
    "DEFAULT_WEEKEND",
    "FORMAT_VERSION",
    "HOLIDAY_KEYS",
    "MAX_PLAN_BYTES",
    "MEMBER_KEYS",
    "OWNED_TABLES",
    "SITE_KEYS",
    "TOP_KEYS",
    "PlanConflictError",
    "PlanDocument",
    "Regions",
    "atomic_write",
    "backup_path",
    "load_plan",
    "parse_organizer",
    "parse_plan",
    "resolve",
    "save_plan",
]


# --- the document ---------------------------------------------------------------

# Tables the program owns (DESIGN.md: what it writes back lives in tables it owns);
# the plan is not resolved from them, so editing one never re-validates the team.
OWNED_TABLES = frozenset({"exports", "meeting_record", "sent_mail"})
_HEADER = re.compile(r'^[ \t]*\[\[?[ \t]*("[^"\n]*"|[A-Za-z0-9_-]+)', re.MULTILINE)


class PlanDocument:
    """A plan as loaded from (and saved to) a file, comments and all.

    Reading a plan needs only plain values, which the standard library's
    tomllib parses quickly; the tomlkit document, which keeps comments, key
    order and unknown keys through a save, is built from the text the first
    time something is edited (tomlkit takes seconds and hundreds of MB for a
    plan of 20,000 members).  Until then the text is what is saved.
    """

    def __init__(self, doc: tomlkit.TOMLDocument | None, plan: Plan, path: Path | None = None,
                 warnings: tuple[Problem, ...] = (), regions: Regions | None = None,
                 disk_stamp: tuple[int, int, str] | None = None, *, text: str | None = None,
                 data: dict[str, Any] | None = None):
        if doc is None and text is None:
            raise ValueError("a PlanDocument needs its tomlkit document or its text")
        self._doc = doc
        self._text = text if doc is None else None
        self._data = data
        self.plan = plan
        self.path = path
        self.warnings = warnings
        self.regions = regions
        # What the file on disk held when we last read or wrote it (size, mtime, digest).
        self.disk_stamp = disk_stamp

    @property
    def doc(self) -> tomlkit.TOMLDocument:
        """The tomlkit document (built from the text on first use)."""
        if self._doc is None:
            assert self._text is not None
            self._doc = _tomlkit_document(self._text, str(self.path) if self.path else None)
            self._text = None
        return self._doc

    @property
    def data(self) -> dict[str, Any]:
        """The whole file as plain Python values (read-only: edit through the methods)."""
        if self._data is None:
            self._data = plain(self.doc)
        return self._data

    def dumps(self) -> str:
        if self._doc is None:
            assert self._text is not None
            return self._text
        import tomlkit

        return tomlkit.dumps(self._doc)

    def replace_text(self, text: str) -> None:
        """Make the document the plan ``text`` (e.g. as it was before an edit, to undo
        it): read as a file of that text would be, its path, regions and disk stamp
        kept.  Raises PlanFileError, leaving the document as it was, when it does not
        load."""
        new = parse_plan(text, path=self.path, regions=self.regions)
        self._doc, self._text, self._data = new._doc, new._text, new._data
        self.plan, self.warnings = new.plan, new.warnings

    def with_owned_tables(self, text: str) -> str:
        """``text`` (a plan) with the tables the program owns as this document has them
        now: undoing an edit must not forget an export, a publication or a mail sent
        since, which the plan recorded in those tables."""
        import tomlkit

        other = _tomlkit_document(text, str(self.path) if self.path else None)
        ours, theirs = self.data, plain(other)
        for table in sorted(OWNED_TABLES):
            if ours.get(table) == theirs.get(table):
                continue
            if table in ours:
                other[table] = copy.deepcopy(self.doc[table])
            else:
                del other[table]
        return tomlkit.dumps(other)

    def remember_disk(self) -> None:
        """Take the file as it is on disk now as the version this document replaces."""
        self.disk_stamp = _stamp(self.path) if self.path else None

    def changed_on_disk(self) -> bool:
        """True when someone else changed or removed the file since we read or wrote it."""
        if self.path is None or self.disk_stamp is None:
            return False
        return _stamp(self.path) != self.disk_stamp

    # Edits work on a copy and only replace the document when the result is valid.
    def _apply(self, change: Callable[[tomlkit.TOMLDocument], None],
               table: str | None = None) -> None:
        if table in OWNED_TABLES:
            # The plan does not depend on these tables: nothing to validate, no copy.
            if self._doc is None and self._edit_tail(table, change):
                return
            change(self.doc)
            self._data = None
            return
        import tomlkit

        new = copy.deepcopy(self.doc)
        change(new)
        text = tomlkit.dumps(new)
        plan, warnings = resolve(new, path=str(self.path) if self.path else None, text=text,
                                 regions=self.regions)
        self._doc, self.plan, self.warnings, self._data = new, plan, warnings, None

    def _edit_tail(self, table: str, change: Callable[[tomlkit.TOMLDocument], None]) -> bool:
        """Edit an owned table that ends the file (where the program appends it) without
        building the tomlkit document of the whole file: only the table's text is
        parsed, changed and written back.  False when the table is elsewhere; the
        result is checked against tomllib's reading of the whole new text."""
        import tomlkit

        assert self._text is not None
        text, data = self._text, self.data
        cut = len(text)
        for m in reversed(list(_HEADER.finditer(text))):
            if m.group(1).strip('"') != table:
                break
            cut = m.start()
        head, tail = text[:cut], text[cut:]
        try:
            tail_data = tomllib.loads(tail)
        except tomllib.TOMLDecodeError:
            return False
        if set(tail_data) - {table} or tail_data.get(table) != data.get(table):
            return False
        tail_doc = tomlkit.parse(tail)
        change(tail_doc)
        new_tail = tomlkit.dumps(tail_doc)
        if not tail and new_tail:
            head = head.rstrip("\n") + "\n\n" if head.strip() else ""
            new_tail = new_tail.lstrip("\n")
        new_text = head + new_tail
        expected = {k: v for k, v in data.items() if k != table}
        expected.update(plain(tail_doc))
        try:
            new_data = tomllib.loads(new_text)
        except tomllib.TOMLDecodeError:
            return False
        if new_data != expected:
            return False
        self._text, self._data = new_text, new_data
        return True

    def set_value(self, key: str, value: Any) -> None:
        def change(doc: tomlkit.TOMLDocument) -> None:
            _set(doc, key, value)
        self._apply(change, key)

    def update_entry(self, table: str, index: int, values: Mapping[str, Any]) -> None:
        """Set keys of the index-th [[table]] entry (None removes a key)."""
        def change(doc: tomlkit.TOMLDocument) -> None:
            entry = doc[table][index]
            for k, v in values.items():
                _set(entry, k, v)
        self._apply(change, table)

    def add_entry(self, table: str, values: Mapping[str, Any]) -> None:
        def change(doc: tomlkit.TOMLDocument) -> None:
            import tomlkit

            if table not in doc:
                doc.append(table, tomlkit.aot())
            entry = tomlkit.table()
            for k, v in values.items():
                if v is not None:
                    _set(entry, k, v)
            # A blank line before the new [[table]] and, when other tables follow,
            # after it, as people write them (tomlkit adds neither).
            entries = doc[table]
            before = entries[-1].as_string() if len(entries) else doc.as_string()
            if not before.endswith("\n\n"):
                entry.trivia.indent = "\n"
            if list(doc.keys())[-1] != table:
                entry.add(tomlkit.nl())
            entries.append(entry)
        self._apply(change, table)

    def update_table(self, table: str, values: Mapping[str, Any], comment: str | None = None
                     ) -> None:
        """Set keys of the [table] table (None removes a key), in one edit.

        The table is created at the end of the file when missing, with ``comment``
        on its header line, and removed once it has no keys left.
        """
        def change(doc: tomlkit.TOMLDocument) -> None:
            import tomlkit

            if not isinstance(doc.get(table), dict):
                if all(v is None for v in values.values()):
                    return
                fresh = tomlkit.table()
                if comment:
                    fresh.comment(comment)
                if table in doc:
                    del doc[table]
                doc.append(table, fresh)
            target = doc[table]
            for k, v in values.items():
                _set(target, k, v)
            if not target:
                del doc[table]
        self._apply(change, table)

    def remove_entry(self, table: str, index: int) -> None:
        def change(doc: tomlkit.TOMLDocument) -> None:
            del doc[table][index]
        self._apply(change, table)

    def entry(self, table: str, index: int) -> dict[str, Any]:
        return dict(self.data[table][index])

    def nested_entries(self, table: str, index: int, key: str) -> list[dict[str, Any]]:
        """The [[table.key]] tables of the index-th [[table]] entry, as plain dicts."""
        value = self.data[table][index].get(key)
        return [dict(e) for e in value] if isinstance(value, list) else []

    def set_nested_entries(self, table: str, index: int, key: str,
                           entries: Sequence[Mapping[str, Any]]) -> None:
        """Make the [[table.key]] tables of the index-th [[table]] entry ``entries``, in one edit.

        Tables are edited in place, position by position: keys that keep their
        value keep their comments, keys left out or None are removed, tables
        beyond ``entries`` go, new ones are added at the end with a blank line
        before them.  The result must resolve (the edit is refused otherwise).
        """
        def change(doc: tomlkit.TOMLDocument) -> None:
            import tomlkit

            owner = doc[table][index]
            current = owner.get(key)
            if not isinstance(current, list):
                if not entries:
                    return
                if key in owner:
                    del owner[key]
                owner.append(key, tomlkit.aot())
                current = owner[key]
            for i, values in enumerate(entries):
                if i < len(current):
                    target = current[i]
                    for k in [k for k in target if k not in values]:
                        del target[k]
                    for k, v in values.items():
                        if v is None:
                            _set(target, k, None)
                        elif plain(target.get(k)) != v:
                            _set(target, k, v)
                    continue
                fresh = tomlkit.table()
                for k, v in values.items():
                    if v is not None:
                        _set(fresh, k, v)
                before = current[-1].as_string() if len(current) else owner.as_string()
                if not before.endswith("\n\n"):
                    fresh.trivia.indent = "\n"
                last_in_file = index == len(doc[table]) - 1 and list(doc.keys())[-1] == table
                if not last_in_file:
                    fresh.add(tomlkit.nl())
                current.append(fresh)
            while len(current) > len(entries):
                del current[len(current) - 1]
            if not len(current):
                del owner[key]
        self._apply(change)


def _set(container: Any, key: str, value: Any) -> None:
    if value is None:
        if key in container:
            del container[key]
        return
    if isinstance(value, dict):
        import tomlkit

        inline = tomlkit.inline_table()
        inline.update(value)
        value = inline
    container[key] = value


def _stamp(path: Path) -> tuple[int, int, str] | None:
    try:
        st = path.stat()
        # A stamp of something that is not a plan any more (a pipe, a huge file)
        # never matches, so a save asks first; reading it would block or fill memory.
        data = read_capped(path, MAX_PLAN_BYTES)
    except (OSError, InputError):
        return None
    return st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest()


class PlanConflictError(PlanFileError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


MAX_PLAN_BYTES = 8 * 1024 * 1024


def _tomlkit_document(text: str, where: str | None, tomllib_said: str | None = None
                      ) -> tomlkit.TOMLDocument:
    """The tomlkit document of a plan's text, or PlanFileError naming the line, the
    column and the fix in plain words (from tomllib's message, ``tomllib_said`` when the
    caller has it: :func:`planner.toml_errors.explain`)."""
    import tomlkit
    from tomlkit.exceptions import ParseError, TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as e:
        error = e
    if tomllib_said is None:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            tomllib_said = str(e)
    if tomllib_said is not None:
        from .toml_errors import explain

        raise PlanFileError(explain(text, tomllib_said, where)) from None
    # Only tomlkit refuses it: in its own words.
    if isinstance(error, ParseError):
        reason = str(error).split(" at line")[0]
        raise PlanFileError(Problem(_("not valid TOML: {reason}").format(reason=reason),
                                    path=where, line=error.line,
                                    suggestion=_("check quotes, brackets and '=' on that line")))\
            from None
    # e.g. KeyAlreadyPresent: a key written twice in one table has no line from tomlkit.
    m = re.search(r'Key "([^"]+)"', str(error))
    line = duplicate_key_line(text, m.group(1)) if m else None
    raise PlanFileError(Problem(_("not valid TOML: {error}").format(error=error), path=where,
                                line=line,
                                suggestion=_("each key may appear once per table; remove or "
                                             "rename the repeated one"))) from None


def parse_plan(text: str, *, path: str | Path | None = None,
               regions: Regions | None = None) -> PlanDocument:
    where = str(path) if path else None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # tomlkit decides about what only it accepts; what neither reads is explained
        # from tomllib's message.
        doc = _tomlkit_document(text, where, str(e))
        plan, warnings = resolve(doc, path=where, text=text, regions=regions)
        return PlanDocument(doc, plan, Path(path) if path else None, warnings, regions)
    plan, warnings = resolve(data, path=where, text=text, regions=regions)
    return PlanDocument(None, plan, Path(path) if path else None, warnings, regions,
                        text=text, data=data)


def load_plan(path: str | Path, *, regions: Regions | None = None) -> PlanDocument:
    p = Path(path)
    raw = read_capped(p, MAX_PLAN_BYTES, error=PlanFileError, what="plans",
                      suggestion=_("is this really a plan? split the team into several plans"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise PlanFileError(Problem(_("the file is not UTF-8 text"), path=str(p), line=line,
                                    suggestion=_("save it as UTF-8"))) from None
    pd = parse_plan(text, path=p, regions=regions)
    pd.disk_stamp = _stamp(p)
    return pd


def atomic_write(path: str | Path, data: bytes, *, mode: int = 0o666) -> None:
    """Write a file so that readers see either the old or the new content, whole.

    A file that is replaced keeps its permission bits.  A new file gets
    ``mode`` less the umask, as ``open()`` would create it: teammates on a
    shared drive can read an export as they can read any other file there
    (``mkstemp`` alone would make it 0600).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        keep: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        keep = None
    fd, tmp = _create_beside(folder, target.name, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep is not None:
            os.chmod(tmp, keep)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        # Make the rename itself durable where the OS allows syncing a folder.
        try:
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        try:
            os.fsync(dfd)
        except OSError:
            pass
        finally:
            os.close(dfd)


def _create_beside(folder: Path, name: str, mode: int) -> tuple[int, str]:
    """A new, empty temporary file in ``folder`` (descriptor, path), created with
    ``mode`` less the umask; the name is ``.NAME.<random>.tmp``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = str(folder / f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {name} in {folder}")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def save_plan(pd: PlanDocument, path: str | Path | None = None, *, force: bool = False,
              backup: bool = True) -> Path:
    """Save atomically, keeping the previous version as ``NAME.bak`` beside it.

    Saving over the plan's own file refuses (PlanConflictError) when the file
    changed on disk since it was loaded, unless ``force``.
    """
    target = Path(path) if path else pd.path
    if target is None:
        raise PlanFileError(Problem(_("the plan has no file yet"), suggestion=_("choose Save As")))
    same_file = pd.path is not None and target.resolve() == pd.path.resolve()
    if same_file and not force and pd.changed_on_disk():
        raise PlanConflictError(Problem(
            _("the file was changed by someone else since it was opened"), path=str(target),
            suggestion=_("reload it, or save anyway to overwrite those changes")))
    data = pd.dumps().encode("utf-8")
    try:
        if backup and target.is_file():
            old = target.read_bytes()
            if old != data:
                # A new backup is as private as the plan it copies.
                atomic_write(backup_path(target), old,
                             mode=stat.S_IMODE(target.stat().st_mode))
        atomic_write(target, data)
    except OSError as e:
        raise PlanFileError(Problem(_("cannot save: {reason}").format(reason=e.strerror or e),
                                    path=str(target),
                                    suggestion=_("check that the folder exists and is writable")))\
            from None
    pd.path = target
    pd.disk_stamp = _stamp(target)
    return target
