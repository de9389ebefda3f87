"""The plan's calendar server settings, and the password for it.

The plan names the calendar in ``[calendar]`` (``url``, ``user``, optional
``name``, optional ``[calendar.busy]`` member calendars); the password or app
token never goes into the plan: it comes from the operating system's keyring,
``keyring.get_password("overlap", "<user>@<url>")`` with the url exactly as the
plan writes it, and only where no keyring runs (a headless box) from the
environment variable :data:`PASSWORD_ENV`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from planner.errors import Problem
from planner.i18n import _
from planner.secrets import KEYRING_SERVICE, find_secret, where_missing

from .report import CalDavError

if TYPE_CHECKING:
    from planner.planfile import PlanDocument

__all__ = [
    "DEFAULT_TIMEOUT",
    "KEYRING_SERVICE",
    "PASSWORD_ENV",
    "CalendarConfig",
    "collection_url",
    "document_value",
    "find_password",
    "origin",
    "read_calendar_config",
]

PASSWORD_ENV = "OVERLAP_CALDAV_PASSWORD"
# Seconds to wait for a server (lives here, not with the transport, so that the
# command line's option defaults need no HTTP machinery).
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class CalendarConfig:
    """The plan's ``[calendar]``: where to publish, as whom, and members' calendars."""

    url: str  # as written in the plan: the keyring entry is named after it
    user: str | None = None
    name: str | None = None  # a display name: ``url`` is then the account, not the calendar
    busy: tuple[tuple[str, str], ...] = ()  # (member name, absolute calendar URL)

    @property
    def keyring_user(self) -> str:
        """The name of the keyring entry holding the password: ``user@url``."""
        return f"{self.user}@{self.url}"


def document_value(source: PlanDocument | Mapping[str, Any], key: str) -> Any:
    """The plan's top-level ``key`` as plain Python values (None when absent)."""
    doc = source if isinstance(source, Mapping) else source.data
    value: Any = doc.get(key)
    return value.unwrap() if hasattr(value, "unwrap") else value


def collection_url(url: str) -> str:
    """A collection's URL with its path quoted and a trailing slash (RFC 4918 5.2)."""
    parts = urlsplit(url.strip())
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if not path.endswith("/"):
        path += "/"
    return parts._replace(path=path, query="", fragment="").geturl()


def origin(url: str) -> tuple[str, str]:
    """Scheme and host of ``url``: the password is only ever sent to the plan's own."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def read_calendar_config(source: PlanDocument | Mapping[str, Any]) -> CalendarConfig | None:
    """The plan's ``[calendar]``, or None when it has none.

    The plan loader has checked the values already; this still raises
    :class:`CalDavError` for a table it would not accept (a document built by
    hand), and for a member calendar on another server (the password is only
    ever sent to the plan's own server).
    """
    raw = document_value(source, "calendar")
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("url"), str) \
            or not raw["url"].strip():
        raise CalDavError(Problem(_("the plan's [calendar] has no url"), field="calendar.url",
                                  suggestion=_("add url = \"https://…\" (the calendar's CalDAV "
                                               "address) under [calendar]")))
    url = raw["url"].strip()
    user = raw.get("user")
    name = raw.get("name")
    user = user.strip() if isinstance(user, str) and user.strip() else None
    name = name.strip() if isinstance(name, str) and name.strip() else None
    base = collection_url(url)
    busy: list[tuple[str, str]] = []
    problems: list[Problem] = []
    raw_busy = raw.get("busy") or {}
    if isinstance(raw_busy, Mapping):
        for member, where in raw_busy.items():
            if not isinstance(where, str) or not where.strip():
                continue
            absolute = collection_url(urljoin(base, where.strip()))
            if origin(absolute) != origin(base):
                problems.append(Problem(
                    _("{where} is on another server than the calendar "
                      "({base})").format(where=where, base=base),
                    field=f"calendar.busy.{member}", suggestion=_("the user name and password are "
                                                                  "only sent to the plan's own "
                                                                  "server; give an address on it")))
            busy.append((str(member), absolute))
    if problems:
        raise CalDavError(problems)
    return CalendarConfig(url=url, user=user, name=name, busy=tuple(busy))


def find_password(config: CalendarConfig, *,
                  environ: Mapping[str, str] | None = None) -> str | None:
    """The password for ``config.user`` from the keyring, else from :data:`PASSWORD_ENV`.

    None when the plan names no user (a server without authentication).
    ``environ`` is the process environment to consult (None: do not).
    """
    if config.user is None:
        return None
    secret, why = find_secret(config.keyring_user, PASSWORD_ENV, environ)
    if secret:
        return secret
    where = where_missing(why)
    raise CalDavError(Problem(
        _('no password for "{keyring_user}": {where}').format(keyring_user=config.keyring_user,
                                                  where=where), field="calendar.user",
        suggestion=_('store it with: keyring set {service} "{keyring_user}" (the '
                     "keyring command comes with Overlap), or, where no keyring runs, set "
                     "{variable}").format(
                     service=KEYRING_SERVICE,
                     keyring_user=config.keyring_user,
                     variable=PASSWORD_ENV)))
