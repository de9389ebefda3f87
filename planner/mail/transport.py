"""Sending a message over SMTP (RFC 5321) with :mod:`smtplib`.

* **Protection** follows the port (:attr:`MailConfig.security`): 465 is TLS from
  the first byte (RFC 8314), 587 is submission with ``STARTTLS`` (RFC 6409,
  RFC 3207; a server that does not offer it is refused, never silently used in
  clear text), any other port is plain SMTP, and only to this machine
  (``localhost``, ``127.0.0.0/8``, ``::1``).  Certificates are checked
  against the system's authorities (``ssl.create_default_context``).
* **Login** as ``[mail] user`` with the password from the keyring
  (:func:`planner.mail.config.find_mail_password`); the server picks the
  mechanism smtplib offers (CRAM-MD5, PLAIN, LOGIN).
* **All or nothing.**  Every recipient is given with ``RCPT TO`` before the
  message: when the server refuses any of them, the transaction is reset
  (``RSET``) and no one receives the message, so "sent" means the server took
  it for every recipient.  The refused addresses are named in the error.
* **Errors** are :class:`~planner.mail.config.MailError` with one clear
  problem: login refused, recipients refused (which), sender refused, the
  message refused, no answer within the timeout, a TLS failure, a connection
  that could not be made or was dropped.
* The envelope sender is the From: address and the recipients are exactly the
  To: addresses of the message.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from planner.errors import Problem
from planner.i18n import _, ngettext

from .config import MailConfig, MailError, Security, is_loopback
from .policy import message_bytes

__all__ = ["DEFAULT_TIMEOUT", "SendResult", "envelope", "send_message"]

DEFAULT_TIMEOUT = 30.0  # seconds without an answer before giving up


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the server accepted."""

    sender: str
    recipients: tuple[str, ...]
    reply: str  # the server's answer to the message, e.g. "250 OK queued as 1234"


def envelope(message: EmailMessage) -> tuple[str, tuple[str, ...]]:
    """The envelope sender (From:) and recipients (To:, in order, without repeats)."""
    sender = parseaddr(str(message.get("From", "")))[1]
    seen: dict[str, None] = {}
    for _name, address in getaddresses([str(v) for v in message.get_all("To", [])]):
        if address:
            seen.setdefault(address)
    return sender, tuple(seen)


def _where(config: MailConfig) -> str:
    return f"{config.host}:{config.port}"


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _fail(reason: str, config: MailConfig, suggestion: str) -> MailError:
    return MailError(Problem(reason, field="mail.smtp", suggestion=suggestion))


def _check_addresses(sender: str, recipients: tuple[str, ...]) -> None:
    if not sender:
        raise MailError(Problem(_("the message has no From: address"), field="organizer",
                                suggestion=_('set organizer = "Name <address>" in the plan, or '
                                             'from = "…" under [mail]')))
    if not recipients:
        raise MailError(Problem(_("the message has no recipient with an e-mail address"),
                                field="email", suggestion=_('add email = "…" to the attendees')))
    for a in (sender, *recipients):
        if not a.isascii():
            raise MailError(Problem(_('"{a}" is not an ASCII address; Overlap does not send to '
                                      "internationalised addresses").format(a=a), field="email",
                                    suggestion=_("use the ASCII form of the address")))


def send_message(config: MailConfig, message: EmailMessage, *, password: str | None,
                 timeout: float = DEFAULT_TIMEOUT, security: Security | None = None,
                 context: ssl.SSLContext | None = None) -> SendResult:
    """Send ``message`` through the server of ``config``; MailError when anything fails.

    ``security`` overrides what the port implies (tests run STARTTLS on a free
    port); ``context`` replaces the default TLS context (a test trusts its own
    certificate with it).  ``password`` None: no login.
    """
    sender, recipients = envelope(message)
    _check_addresses(sender, recipients)
    mode = security or config.security
    if mode is Security.PLAIN and not is_loopback(config.host):
        raise _fail(_("port {port} would send in clear text to {host}").format(port=config.port,
                                                             host=config.host), config,
                    _("use port 587 (STARTTLS) or 465 (TLS) in [mail] smtp; plain SMTP is only "
                      "used to this machine (localhost)"))
    data = message_bytes(message)
    tls = context or ssl.create_default_context()
    where = _where(config)
    try:
        if mode is Security.TLS:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout,
                                                  context=tls)
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if mode is Security.STARTTLS:
                if not smtp.has_extn("starttls"):
                    raise _fail(_("{where} does not offer STARTTLS").format(where=where), config,
                                _("check the port in [mail] smtp: 587 with STARTTLS, 465 with "
                                  "TLS; Overlap never sends a password or a message in clear text "
                                  "over a network"))
                smtp.starttls(context=tls)
                smtp.ehlo()
            if password is not None:
                smtp.login(config.user or "", password)
            code, reply = smtp.mail(sender)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, sender)
            refused: dict[str, str] = {}
            for r in recipients:
                code, reply = smtp.rcpt(r)
                if code not in (250, 251):
                    refused[r] = f"{code} {_text(reply)}"
            if refused:
                smtp.rset()
                raise MailError(Problem(
                    ngettext("{where} refused {refused} of {count} recipient(s): {addresses}; "
                             "the message was sent to no one",
                             "{where} refused {refused} of {count} recipient(s): {addresses}; "
                             "the message was sent to no one", len(recipients)).format(
                        where=where, refused=len(refused), count=len(recipients),
                        addresses="; ".join(f"{a} ({why})" for a, why in refused.items())),
                    field="email", suggestion=_("correct those members' email in the plan (or "
                                                "remove it), then send again")))
            code, reply = smtp.data(data)
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
            return SendResult(sender, recipients, f"{code} {_text(reply)}")
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as e:
        raise MailError(Problem(
            _('{where} refused the login of "{user}" ({code} {server_text})').format(
              where=where,
              user=config.user,
              code=e.smtp_code,
              server_text=_text(e.smtp_error)), field="mail.user",
            suggestion=_("store the right password with: overlap mail-password PLAN (many "
                         "providers want an app password)"))) from None
    except smtplib.SMTPNotSupportedError as e:
        raise _fail(_("{where} does not support what Overlap asked for: "
                      "{error}").format(where=where, error=e), config,
                    _("check [mail] smtp and user: a server without AUTH takes no login (remove "
                      "user)")) from None
    except smtplib.SMTPSenderRefused as e:
        raise MailError(Problem(_("{where} refused the sender {sender} ({code} "
                                  "{server_text})").format(
                                  where=where,
                                  sender=e.sender,
                                  code=e.smtp_code,
                                  server_text=_text(e.smtp_error)), field="mail.from",
                                suggestion=_("send from an address the account may use: set from "
                                             '= "Name <address>" under [mail]'))) from None
    except smtplib.SMTPDataError as e:
        raise _fail(_("{where} refused the message ({code} {server_text})").format(
            where=where, code=e.smtp_code, server_text=_text(e.smtp_error)),
                    config, _("nothing was sent; the server's reason is above")) from None
    except smtplib.SMTPServerDisconnected as e:
        if isinstance(e.__context__, TimeoutError):  # smtplib reports a timeout as this
            raise _fail(_("{where} did not answer within {timeout:g} seconds").format(where=where,
                                                               timeout=timeout), config,
                        _("check the host and port in [mail] smtp and the network; nothing was "
                          "recorded as sent")) from None
        raise _fail(_("{where} closed the connection before the message was accepted "
                      "({reason})").format(where=where, reason=e or _("no reason given")), config,
                    _("nothing was recorded as sent; try again later")) from None
    except smtplib.SMTPResponseException as e:
        raise _fail(f"{where} answered {e.smtp_code} {_text(e.smtp_error)}", config,
                    _("nothing was recorded as sent; the server's reason is above")) from None
    except TimeoutError:
        raise _fail(_("{where} did not answer within {timeout:g} seconds").format(where=where,
                                                                  timeout=timeout), config,
                    _("check the host and port in [mail] smtp and the network; nothing was "
                      "recorded as sent")) from None
    except ssl.SSLCertVerificationError as e:
        raise _fail(_("the TLS certificate of {host} could not be verified "
                      "({reason})").format(host=config.host,
                                           reason=e.verify_message or e.reason), config,
                    _("check the host name in [mail] smtp (it must match the certificate)")
                    ) from None
    except ssl.SSLError as e:
        raise _fail(_("TLS with {where} failed ({reason})").format(
            where=where, reason=e.reason or e), config,
                    _("465 expects TLS from the start, 587 STARTTLS: check the port in [mail] "
                      "smtp")) from None
    except smtplib.SMTPException as e:
        raise _fail(_("sending through {where} failed: {error}").format(where=where, error=e),
                    config,
                    _("nothing was recorded as sent")) from None
    except OSError as e:
        raise _fail(_("cannot connect to {where}: {reason}").format(where=where,
                                                             reason=e.strerror or e), config,
                    _("check the host and port in [mail] smtp and that the server runs")
                    ) from None
