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
    for _, address in getaddresses([str(v) for v in message.get_all("To", [])]):
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
        raise MailError(Problem("the message has no From: address", field="organizer",
                                suggestion='set organizer = "Name <address>" in the plan, or '
                                'from = "…" under [mail]'))
    if not recipients:
        raise MailError(Problem("the message has no recipient with an e-mail address",
                                field="email", suggestion='add email = "…" to the attendees'))
    for a in (sender, *recipients):
        if not a.isascii():
            raise MailError(Problem(f'"{a}" is not an ASCII address; Overlap does not send '
                                    "to internationalised addresses", field="email",
                                    suggestion="use the ASCII form of the address"))


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
        raise _fail(f"port {config.port} would send in clear text to {config.host}", config,
                    "use port 587 (STARTTLS) or 465 (TLS) in [mail] smtp; plain SMTP is only "
                    "used to this machine (localhost)")
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
                    raise _fail(f"{where} does not offer STARTTLS", config,
                                "check the port in [mail] smtp: 587 with STARTTLS, 465 with "
                                "TLS; Overlap never sends a password or a message in clear "
                                "text over a network")
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
                    f"{where} refused {len(refused)} of {len(recipients)} recipient(s): "
                    + "; ".join(f"{a} ({why})" for a, why in refused.items())
                    + "; the message was sent to no one",
                    field="email", suggestion="correct those members' email in the plan (or "
                    "remove it), then send again"))
            code, reply = smtp.data(data)
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
            return SendResult(sender, recipients, f"{code} {_text(reply)}")
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as e:
        raise MailError(Problem(
            f'{where} refused the login of "{config.user}" ({e.smtp_code} '
            f"{_text(e.smtp_error)})", field="mail.user",
            suggestion="store the right password with: overlap mail-password PLAN (many "
            "providers want an app password)")) from None
    except smtplib.SMTPNotSupportedError as e:
        raise _fail(f"{where} does not support what Overlap asked for: {e}", config,
                    "check [mail] smtp and user: a server without AUTH takes no login "
                    "(remove user)") from None
    except smtplib.SMTPSenderRefused as e:
        raise MailError(Problem(f"{where} refused the sender {e.sender} ({e.smtp_code} "
                                f"{_text(e.smtp_error)})", field="mail.from",
                                suggestion="send from an address the account may use: set "
                                'from = "Name <address>" under [mail]')) from None
    except smtplib.SMTPDataError as e:
        raise _fail(f"{where} refused the message ({e.smtp_code} {_text(e.smtp_error)})",
                    config, "nothing was sent; the server's reason is above") from None
    except smtplib.SMTPServerDisconnected as e:
        if isinstance(e.__context__, TimeoutError):  # smtplib reports a timeout as this
            raise _fail(f"{where} did not answer within {timeout:g} seconds", config,
                        "check the host and port in [mail] smtp and the network; nothing was "
                        "recorded as sent") from None
        raise _fail(f"{where} closed the connection before the message was accepted "
                    f"({e or 'no reason given'})", config,
                    "nothing was recorded as sent; try again later") from None
    except smtplib.SMTPResponseException as e:
        raise _fail(f"{where} answered {e.smtp_code} {_text(e.smtp_error)}", config,
                    "nothing was recorded as sent; the server's reason is above") from None
    except TimeoutError:
        raise _fail(f"{where} did not answer within {timeout:g} seconds", config,
                    "check the host and port in [mail] smtp and the network; nothing was "
                    "recorded as sent") from None
    except ssl.SSLCertVerificationError as e:
        raise _fail(f"the TLS certificate of {config.host} could not be verified "
                    f"({e.verify_message or e.reason})", config,
                    "check the host name in [mail] smtp (it must match the certificate)"
                    ) from None
    except ssl.SSLError as e:
        raise _fail(f"TLS with {where} failed ({e.reason or e})", config,
                    "465 expects TLS from the start, 587 STARTTLS: check the port in [mail] "
                    "smtp") from None
    except smtplib.SMTPException as e:
        raise _fail(f"sending through {where} failed: {e}", config,
                    "nothing was recorded as sent") from None
    except OSError as e:
        raise _fail(f"cannot connect to {where}: {e.strerror or e}", config,
                    "check the host and port in [mail] smtp and that the server runs"
                    ) from None
