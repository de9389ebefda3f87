"""CalDAV (RFC 4791): publishing exports and reading busy times from a calendar server.

* :mod:`~planner.caldav.config`: the plan's ``[calendar]`` and the password
  (keyring, or an environment variable where no keyring runs);
* :mod:`~planner.caldav.transport`: one calendar collection on the server,
  every request and every failure to reach or use it;
* :mod:`~planner.caldav.session`: the HTTP under it, each answer bounded in
  time (a deadline) and size, redirects kept on the same server;
* :mod:`~planner.caldav.publish`: putting the export's calendar objects on
  the server, checked first and written conditionally, and remembering them;
* :mod:`~planner.caldav.busy`: members' busy times from their calendars;
* :mod:`~planner.caldav.report`: what a run did, and :class:`CalDavError`.

The names below are the public API; import them from ``planner.caldav``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .busy import BusyMode, ServerBusy, fetch_busy
    from .config import (
        DEFAULT_TIMEOUT,
        KEYRING_SERVICE,
        PASSWORD_ENV,
        CalendarConfig,
        find_password,
        read_calendar_config,
    )
    from .publish import (
        PublishedRecord,
        check_resources,
        publish,
        publish_plan,
        read_published,
        remember_published,
    )
    from .report import CalDavError, ObjectResult, PublishAction, PublishOutcome, PublishReport

# Each name loads its module when first used: the window and the command line
# import this package for the plan's [calendar] settings, and the HTTP and
# iCalendar machinery (a tenth of a second) only when talking to a server.
_MODULE_OF = {
    **dict.fromkeys(("BusyMode", "ServerBusy", "fetch_busy"), "busy"),
    **dict.fromkeys(("DEFAULT_TIMEOUT", "KEYRING_SERVICE", "PASSWORD_ENV", "CalendarConfig",
                     "find_password", "read_calendar_config"), "config"),
    **dict.fromkeys(("PublishedRecord", "check_resources", "publish", "publish_plan",
                     "read_published", "remember_published"), "publish"),
    **dict.fromkeys(("CalDavError", "ObjectResult", "PublishAction", "PublishOutcome",
                     "PublishReport"), "report"),
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = importlib.import_module(f".{module}", __name__)
    # Importing a submodule sets the package's attribute of that name to the module
    # (``publish`` is both); the API's names win, as when they were imported eagerly.
    for other, where in _MODULE_OF.items():
        if where == module:
            globals()[other] = getattr(loaded, other)
    return globals()[name]


__all__ = [
    "DEFAULT_TIMEOUT",
    "KEYRING_SERVICE",
    "PASSWORD_ENV",
    "BusyMode",
    "CalDavError",
    "CalendarConfig",
    "ObjectResult",
    "PublishAction",
    "PublishOutcome",
    "PublishReport",
    "PublishedRecord",
    "ServerBusy",
    "check_resources",
    "fetch_busy",
    "find_password",
    "publish",
    "publish_plan",
    "read_calendar_config",
    "read_published",
    "remember_published",
]
