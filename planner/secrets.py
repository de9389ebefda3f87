"""Passwords for servers the plan names (CalDAV, SMTP): the system keyring, else one
environment variable.  Never the plan file."""

from __future__ import annotations

from collections.abc import Mapping

from planner.i18n import _

KEYRING_SERVICE = "overlap"


def find_secret(user: str, env_name: str, environ: Mapping[str, str] | None
                ) -> tuple[str | None, str]:
    """``(secret, why)``: the keyring's password for ``user`` under :data:`KEYRING_SERVICE`,
    else ``environ[env_name]``; when neither has one, ``(None, why)`` where ``why`` is the
    keyring's failure ("" when it simply holds none)."""
    why = ""
    try:
        import keyring

        secret = keyring.get_password(KEYRING_SERVICE, user)
    except Exception as e:  # any backend may fail: locked, no D-Bus, a plugin's own error
        secret, why = None, f"{type(e).__name__}: {e}".strip()
    if secret:
        return secret, ""
    fallback = (environ or {}).get(env_name)
    return (fallback, "") if fallback else (None, why)


def where_missing(why: str) -> str:
    """Why no password was found, for a message."""
    return (_("the system keyring is not available ({why})").format(why=why) if why
            else _("the system keyring has none"))
