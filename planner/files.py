"""Reading the files a user names: plans, busy calendars, holiday feeds, files to check.

One reader for all of them, so that each gets the same guarantees:

* **Regular files only**, after following symbolic links.  A named pipe
  (FIFO) would block the read until someone writes to it, and a device such
  as ``/dev/zero`` never ends; both are refused with "not a regular file".
  The file is opened without blocking and checked on the open descriptor
  (``fstat``), so a path swapped for a pipe between a check and the open
  cannot block either.
* **A size cap**: at most ``limit + 1`` bytes are read, so a file that grows
  while it is read, or lies about its size, still cannot exhaust memory.

Problems are :class:`~planner.errors.InputError` (or the subclass the caller
names) with the path, the field it came from and a fix.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from planner.errors import InputError, Problem
from planner.i18n import _

__all__ = ["read_capped"]

_CHUNK = 1024 * 1024
_MB = 1024 * 1024


def _not_regular(mode: int) -> tuple[str, str]:
    return (_("not a regular file ({kind})").format(kind=_kind(mode)),
            _("save the content to an ordinary file and name that"))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a file")


def read_capped(path: str | Path, limit: int, *, error: type[InputError] = InputError,
                what: str = "files", field: str | None = None,
                suggestion: str | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit``.

    Raises ``error`` with one :class:`Problem` naming the path when the file
    is missing, a folder, not a regular file (a pipe, a device, a socket),
    larger than ``limit`` bytes ("``what`` are refused above N MB", with
    ``suggestion``), or cannot be read.
    """
    p = Path(path)
    where = str(p)

    def fail(reason: str, fix: str | None = None) -> InputError:
        return error(Problem(reason, path=where, field=field, suggestion=fix))

    try:  # refuse a device before opening it: opening one can have effects of its own
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        raise fail(_("file not found"), _("check the path")) from None
    except OSError as e:
        raise fail(_("cannot read the file: {reason}").format(reason=e.strerror or e)) from None
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise fail(*_not_regular(mode))
    # O_NONBLOCK: should the path have become a FIFO since, opening it for
    # reading would otherwise wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise fail(_("file not found"), _("check the path")) from None
    except IsADirectoryError:
        raise fail(_("is a folder, not a file"), _("name the file inside it")) from None
    except OSError as e:
        raise fail(_("cannot read the file: {reason}").format(reason=e.strerror or e)) from None
    try:
        st = os.fstat(fd)
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise fail(_("is a folder, not a file"), _("name the file inside it"))
        if not stat.S_ISREG(mode):
            raise fail(*_not_regular(mode))
        if st.st_size > limit:
            raise fail(_too_big(st.st_size, limit, what), suggestion)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow while it is read
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise fail(_("cannot read the file: {reason}").format(reason=e.strerror or e)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise fail(_too_big(None, limit, what), suggestion)  # it grew while read
    return b"".join(chunks)


def _too_big(size: int | None, limit: int, what: str) -> str:
    amount = f"over {_amount(limit)}" if size is None else _amount(size)
    return _("the file is {amount}; {what} are refused above "
             "{limit}").format(amount=amount, what=what, limit=_amount(limit))


def _amount(n: int) -> str:
    return f"{n / _MB:.1f} MB".replace(".0 MB", " MB") if n >= _MB // 10 else f"{n} bytes"
