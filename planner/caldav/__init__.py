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

from .busy import BusyMode, ServerBusy, fetch_busy
from .config import (
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
from .transport import DEFAULT_TIMEOUT

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
