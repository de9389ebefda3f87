"""The plan's ``[mail]`` table, and the password for it.

::

    [mail]
    smtp = "smtp.example.com:587"   # host:port; 587 STARTTLS, 465 TLS
    user = "lena@example.com"       # optional: log in as this user
    from = "Lena Vogt <lena@example.com>"   # optional: sender and ORGANIZER of mails

Plain (unencrypted) SMTP is only used to this machine (``localhost``,
``127.0.0.0/8``, ``::1``) on ports other than 465 and 587: a password or an
invitation never crosses a network in clear text.  The password never goes
into the plan: it comes from the operating system's keyring,
``keyring.get_password("overlap", "<user>@<smtp>")`` with ``smtp`` exactly
as the plan writes it (as :mod:`planner.caldav.config` names its entry
``user@url``), and only where no keyring runs from :data:`PASSWORD_ENV`.

This module is imported by the plan loader: it imports nothing heavy.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from planner.errors import InputError, Problem
from planner.i18n import N_, _
from planner.secrets import KEYRING_SERVICE, find_secret, where_missing

__all__ = [
    "KEYRING_SERVICE",
    "MAIL_KEYS",
    "PASSWORD_ENV",
    "MailConfig",
    "MailError",
    "MailIssue",
    "Security",
    "check_mail_table",
    "find_mail_password",
    "is_loopback",
    "parse_name_address",
    "read_mail_config",
    "split_host_port",
    "store_mail_password",
]

PASSWORD_ENV = "OVERLAP_MAIL_PASSWORD"
MAIL_KEYS = ("smtp", "user", "from")
_HOST_PORT = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^\s:\[\]/@]+))"
                        r":(?P<port>\d{1,5})$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_NAME_ADDR = re.compile(r"^\s*(?:(?P<name>[^<>]*?)\s*<(?P<mail>[^<>]+)>|(?P<bare>[^<>\s]+))\s*$")


class MailError(InputError):
    """Mail could not be configured or sent; the problem names what and the fix."""


class Security(StrEnum):
    """How the connection is protected."""

    STARTTLS = "starttls"  # port 587 (RFC 6409): plain, then STARTTLS (RFC 3207)
    TLS = "tls"  # port 465 (RFC 8314): TLS from the first byte
    PLAIN = "plain"  # only to this machine


@dataclass(frozen=True, slots=True)
class MailIssue:
    """A problem with ``[mail]`` for the plan loader: the key it is about."""

    key: str | None
    reason: str
    suggestion: str
    severity: str = "error"


@dataclass(frozen=True, slots=True)
class MailConfig:
    """The plan's ``[mail]``."""

    smtp: str  # as written: the keyring entry is named after it
    host: str
    port: int
    user: str | None = None
    sender: str | None = None  # "Name <address>" or an address; None: the plan's organizer

    @property
    def keyring_user(self) -> str:
        """The name of the keyring entry holding the password: ``user@smtp``."""
        return f"{self.user}@{self.smtp}"

    @property
    def security(self) -> Security:
        if self.port == 465:
            return Security.TLS
        if self.port == 587:
            return Security.STARTTLS
        return Security.PLAIN


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: traffic that never leaves this machine."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def split_host_port(text: str) -> tuple[str, int] | None:
    """ "smtp.example.com:587" -> ("smtp.example.com", 587); "[::1]:25" -> ("::1", 25)."""
    m = _HOST_PORT.match(text.strip())
    if not m:
        return None
    port = int(m.group("port"))
    if not 1 <= port <= 65535:
        return None
    return (m.group("v6") or m.group("host")), port


def parse_name_address(text: str) -> tuple[str | None, str] | None:
    """ "Lena Vogt <lena@example.com>" -> ("Lena Vogt", "lena@example.com"); None when
    it is not an address."""
    m = _NAME_ADDR.match(text or "")
    if not m:
        return None
    mail = (m.group("mail") or m.group("bare") or "").strip()
    if not _EMAIL.match(mail):
        return None
    return (m.group("name") or "").strip().strip('"') or None, mail


_PLAIN_FIX = (N_("use port 587 (STARTTLS) or 465 (TLS), as your provider's settings name them; "
                 "plain SMTP is only used to this machine (localhost)"))


def check_mail_table(raw: Any) -> list[MailIssue]:
    """What is wrong with a ``[mail]`` table (the loader adds file and line)."""
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        return [MailIssue(None, _('mail is a table: [mail] smtp = "host:port" user = "…"'),
                          _('write [mail] on its own line, then smtp = "smtp.example.com:587"'))]
    out = []
    for key in raw:
        if key not in MAIL_KEYS:
            out.append(MailIssue(str(key), _('unknown key "{key}" (kept in the file, but Overlap '
                                             "ignores it)").format(key=key),
                                             _("known keys: {keys}").format(
                                                 keys=", ".join(MAIL_KEYS)),
                                 "warning"))
    smtp = raw.get("smtp")
    if smtp is None:
        out.append(MailIssue("smtp", _("smtp is missing"),
                             _('add smtp = "smtp.example.com:587" (host and port)')))
    elif not isinstance(smtp, str) or split_host_port(smtp) is None:
        out.append(MailIssue("smtp", _('"{smtp}" is not "host:port"').format(smtp=smtp),
                             _('write e.g. smtp = "smtp.example.com:587"')))
    else:
        host, port = split_host_port(smtp) or ("", 0)
        if port not in (465, 587) and not is_loopback(host):
            out.append(MailIssue("smtp", _("port {port} would send in clear text to "
                                           "{host}").format(port=port, host=host),
                                 _(_PLAIN_FIX), "warning"))
    for key in ("user", "from"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            out.append(MailIssue(key, _("{key} must be non-empty text").format(key=key),
                                 _('write {key} = "…"').format(key=key)))
    sender = raw.get("from")
    if isinstance(sender, str) and sender.strip() and parse_name_address(sender) is None:
        out.append(MailIssue("from", _('"{sender}" is not "Name <address>"').format(sender=sender),
                             _('write from = "Lena Vogt <lena@example.com>"')))
    return out


def _document_value(source: Any, key: str) -> Any:
    doc = source if isinstance(source, Mapping) else source.data
    value: Any = doc.get(key)
    return value.unwrap() if hasattr(value, "unwrap") else value


def read_mail_config(source: Any) -> MailConfig | None:
    """The plan's ``[mail]`` (``source``: a PlanDocument or its TOML mapping), or None
    when it has none; MailError for a table the loader would not accept."""
    raw = _document_value(source, "mail")
    if raw is None:
        return None
    errors = [i for i in check_mail_table(raw) if i.severity == "error"]
    if errors:
        raise MailError([Problem(i.reason, field=f"mail.{i.key}" if i.key else "mail",
                                 suggestion=i.suggestion) for i in errors])
    smtp = str(raw["smtp"]).strip()
    host, port = split_host_port(smtp) or ("", 0)
    user, sender = raw.get("user"), raw.get("from")
    return MailConfig(smtp, host, port, user.strip() if isinstance(user, str) else None,
                      sender.strip() if isinstance(sender, str) else None)


def _no_password(config: MailConfig, why: str) -> MailError:
    where = where_missing(why)
    return MailError(Problem(
        _('no password for "{keyring_user}": {where}').format(keyring_user=config.keyring_user,
                                                  where=where), field="mail.user",
        suggestion=_("store it with: overlap mail-password PLAN (or keyring set {service} "
                     '"{keyring_user}"); where no keyring runs, set {variable}').format(
                     service=KEYRING_SERVICE,
                     keyring_user=config.keyring_user,
                     variable=PASSWORD_ENV)))


def find_mail_password(config: MailConfig, *,
                       environ: Mapping[str, str] | None = None) -> str | None:
    """The password for ``config.user`` from the keyring, else from :data:`PASSWORD_ENV`.

    None when the plan names no user (a server that needs no login).
    ``environ`` is the process environment to consult (None: do not).
    """
    if config.user is None:
        return None
    secret, why = find_secret(config.keyring_user, PASSWORD_ENV, environ)
    if secret:
        return secret
    raise _no_password(config, why)


def store_mail_password(config: MailConfig, password: str) -> None:
    """Put the password into the system keyring; MailError when it cannot be stored."""
    if config.user is None:
        raise MailError(Problem(_("the plan's [mail] names no user, so no password is needed"),
                                field="mail.user",
                                suggestion=_('add user = "…" under [mail] if the server wants a '
                                             "login")))
    if not password:
        raise MailError(Problem(_("the password is empty"), field="password",
                                suggestion=_("type the password (or app password) of the mail "
                                             "account")))
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, config.keyring_user, password)
    except Exception as e:  # a locked keyring, no D-Bus, a plugin's own error
        raise MailError(Problem(
            _("the system keyring could not store the password: {error_type}: {error}").format(
                error_type=type(e).__name__, error=e),
            field="mail.user", suggestion=_("unlock the keyring, or set {variable} where no "
                                            "keyring runs").format(variable=PASSWORD_ENV))
    ) from None
