"""overlap mail-password: store the mail account's password in the system keyring.

The password never goes into the plan: it is stored under the service
``overlap`` and the name ``<user>@<smtp>`` of the plan's ``[mail]`` table
(:mod:`planner.mail.config`), where ``invite --send`` and ``dst --notify
--send`` find it.  Typed at a prompt that does not echo it, or read from the
first line of standard input when that is not a terminal (scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from planner.context import PlanContext
from planner.i18n import N_, _
from planner.mail.config import store_mail_password

from . import PlanCommand
from .common import print_json
from .mailing import mail_config
from .options import add_plan_options

HELP = N_("store the password of the plan's [mail] account in the system keyring")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)


def _read_password(prompt: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    config = mail_config(ctx)
    if config.user is None:
        store_mail_password(config, "")  # explains that no password is needed
    password = _read_password(_("Password for "
                                "{user} on {smtp}: ").format(user=config.user, smtp=config.smtp))
    store_mail_password(config, password)
    if args.json:
        print_json({"keyring_service": "overlap", "keyring_user": config.keyring_user,
                    "stored": True})
    else:
        print(_('Stored the password for "{keyring_user}" in the system '
                "keyring.").format(keyring_user=config.keyring_user))
    return 0


COMMAND = PlanCommand("mail-password", HELP, 67, add_arguments, run)
