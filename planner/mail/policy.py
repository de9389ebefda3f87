"""How a message is written out: CRLF line ends (RFC 5322, as it is sent and as an
``.eml`` file keeps it) and header lines folded at 78 characters, never with an
empty first line.

The standard library's folder (``email.policy.SMTP``, Python 3.11) moves a whole
value that does not fit after ``Subject:`` but fits on a line of its own onto the
next line, leaving ``Subject:`` alone on the first; with a long ASCII meeting
title an invitation went out as ``Subject:\\r\\n Cancelled: ...``.  That is valid
(unfolding restores the value), but some clients and filters show or match an
empty subject.  :data:`MAIL_POLICY` folds like ``email.policy.SMTP`` and then
moves the value back up, breaking it at the last space that keeps the first line
within 78 characters.  Breaking at an existing space changes nothing for a
reader: unfolding only removes the CRLF (RFC 5322 2.2.3), and encoded words
(RFC 2047) never contain a space.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Any

__all__ = ["MAIL_POLICY", "message_bytes", "refold_first_line"]

_WIDTH = 78  # RFC 5322 2.1.1: lines SHOULD be at most 78 characters


def refold_first_line(folded: str, name: str, linesep: str, width: int = _WIDTH) -> str:
    """``folded`` (one header as a folder wrote it, ``linesep``-terminated) with the
    value starting on the first line when the folder left ``Name:`` alone there.

    The first two lines are joined and broken again at the last space that keeps
    the first line within ``width``; when there is none, they stay one line
    (RFC 5322 allows 998 characters).  Anything else is returned as it is.
    """
    lines = folded.split(linesep)
    label = f"{name}:"
    if len(lines) < 3 or lines[0].rstrip() != label or not lines[1].strip():
        return folded
    merged = label + lines[1]  # lines[1] starts with the folding white space
    text_start = len(merged) - len(merged[len(label):].lstrip())
    cut = merged.rfind(" ", text_start + 1, width + 1)
    if cut != -1 and merged[cut:].strip():
        head = [merged[:cut], merged[cut:]]  # unfolding gives back merged exactly
    else:
        head = [merged]
    return linesep.join([*head, *lines[2:]])


class _MailPolicy(EmailPolicy):
    """``email.policy.SMTP`` whose folded headers keep text on their first line."""

    def fold(self, name: str, value: Any) -> str:
        folded = super().fold(name, value)
        return refold_first_line(folded, name, self.linesep, self.max_line_length or _WIDTH)

    def fold_binary(self, name: str, value: Any) -> bytes:
        folded = super().fold_binary(name, value)
        text = folded.decode("ascii", "surrogateescape")
        fixed = refold_first_line(text, name, self.linesep, self.max_line_length or _WIDTH)
        return fixed.encode("ascii", "surrogateescape")


MAIL_POLICY: EmailPolicy = _MailPolicy(linesep="\r\n")


def message_bytes(message: EmailMessage) -> bytes:
    """The message as it is sent and saved as ``.eml``: CRLF, headers folded by
    :data:`MAIL_POLICY`."""
    return message.as_bytes(policy=MAIL_POLICY)
