"""How an export is written: :class:`ExportOptions`, checked against the plan.

``method`` is RFC 5546's: ``publish`` is a calendar to import (no
``ATTENDEE``, 3.2.1), ``request`` an invitation (an ``ORGANIZER`` and an
``ATTENDEE`` per member with an e-mail address, 3.2.2).  ``caldav`` writes
one object per UID and never ``METHOD`` (RFC 4791 4.1 forbids it in stored
objects).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from planner.errors import InputError, Problem
from planner.i18n import _
from planner.ics.export.text import clean_text, mailto
from planner.model import Plan
from planner.planfile import parse_organizer

__all__ = ["METHODS", "ExportOptions", "Resolved", "parse_locale", "resolve"]

METHODS = ("publish", "request")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """The choices an export is made with.

    They are checked when the export is built, against the plan (the
    organizer falls back to the plan's), and a bad one is an InputError
    naming ``method``, ``organizer`` or ``locale``.
    """

    method: str = "publish"  # one of METHODS
    organizer: str | None = None  # "Name <email>"; None: the plan's organizer
    caldav: bool = False  # one calendar object per UID, no METHOD
    locale: str | None = "en"  # babel locale of the descriptions; None: "en"
    title: str | None = None  # SUMMARY; None or blank: "<plan name> check-in"


@dataclass(frozen=True, slots=True)
class Resolved:
    """Export options checked against a plan, as the builders use them."""

    method: str | None  # "publish", "request"
    organizer: tuple[str | None, str] | None  # (name, address)
    caldav: bool
    fmt_locale: Locale
    title: str


def parse_locale(locale: str | None) -> Locale:
    """A babel locale ("en", "de_DE", "pt-BR"), or InputError naming ``locale``."""
    text = (locale or "en").replace("-", "_")
    try:
        return Locale.parse(text)
    except (UnknownLocaleError, ValueError):
        raise InputError(Problem(_('"{locale}" is not a locale').format(locale=locale),
                                 field="locale",
                                 suggestion=_('use a code such as "en", "en_GB" or "de_DE"')))\
            from None


def resolve(plan: Plan, options: ExportOptions) -> Resolved:
    """The options for this plan; InputError for a bad method, organizer or locale, or
    an invitation without an organizer."""
    method = options.method
    m = (method or "publish").strip().lower()
    if m not in METHODS:
        raise InputError(Problem(_('"{method}" is not a method').format(method=method),
                                 field="method",
                                 suggestion=_("use publish (a calendar to import) or request (an "
                                              "invitation)")))
    org_text = options.organizer if options.organizer is not None else plan.organizer
    org = None
    if org_text:
        try:
            name, mail = parse_organizer(org_text)
        except ValueError as e:
            raise InputError(Problem(str(e), field="organizer",
                                     suggestion=_('write "Lena Vogt <lena@example.com>"'))
                             ) from None
        mailto(mail, "organizer")
        org = (name, mail)
    if m == "request" and org is None:
        raise InputError(Problem(_("an invitation (METHOD:REQUEST) needs an organizer"),
                                 field="organizer",
                                 suggestion=_('add organizer = "Name <email>" to the plan, or '
                                              "give --organizer; or export with --method publish")))
    title = options.title
    text = clean_text(title) if title is not None else ""
    if not text:
        text = _("{plan} check-in").format(plan=clean_text(plan.name) or _("Team"))
    return Resolved(m, org, options.caldav, parse_locale(options.locale), text)
