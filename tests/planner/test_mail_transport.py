"""Sending over SMTP against aiosmtpd on 127.0.0.1: plain with a login, STARTTLS and TLS
on a self-signed certificate, and every way it fails (nothing is ever half sent)."""

from __future__ import annotations

import socket
import ssl
from email.message import EmailMessage
from pathlib import Path

import pytest

from planner.mail.config import MailConfig, MailError, Security
from planner.mail.transport import envelope, send_message
from tests.smtp_server import LENA_MAIL_PASSWORD, SilentServer, SmtpServer, self_signed


def message(*to: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "Invitation: weekly sync"
    msg["From"] = "Lena Vogt <lena@example.com>"
    msg["To"] = ", ".join(to or ("Maya <maya@example.com>", "Priya <priya@example.com>"))
    msg["Date"] = "Sun, 01 Mar 2026 12:00:00 +0000"
    msg.set_content("Hello — a check-in.\n")
    return msg


def loopback(port: int, user: str | None = "lena@example.com") -> MailConfig:
    return MailConfig(f"127.0.0.1:{port}", "127.0.0.1", port, user)


@pytest.fixture
def cert(tmp_path: Path) -> tuple[Path, Path]:
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("neither the cryptography package nor the openssl command is available "
                    "to make a test certificate")
    return made


def trusting(cert: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert[0]))


def test_envelope_is_the_from_and_to_addresses():
    assert envelope(message()) == ("lena@example.com", ("maya@example.com", "priya@example.com"))


def test_plain_smtp_on_loopback_logs_in_and_delivers_to_every_recipient(smtp_server: SmtpServer):
    result = send_message(loopback(smtp_server.port), message(), password=LENA_MAIL_PASSWORD)
    assert result.recipients == ("maya@example.com", "priya@example.com")
    (got,) = smtp_server.received
    assert got.sender == "lena@example.com"
    assert got.recipients == ["maya@example.com", "priya@example.com"]
    assert got.message["Subject"] == "Invitation: weekly sync"
    assert got.message.get_content() == "Hello — a check-in.\n"


def test_starttls_with_a_self_signed_certificate_and_a_login(cert: tuple[Path, Path]):
    server = SmtpServer(tls="starttls", cert=cert,
                        users={"lena@example.com": LENA_MAIL_PASSWORD}).start()
    try:
        send_message(loopback(server.port), message(), password=LENA_MAIL_PASSWORD,
                     security=Security.STARTTLS, context=trusting(cert))
        assert len(server.received) == 1
        with pytest.raises(MailError) as e:  # the system's authorities do not know it
            send_message(loopback(server.port), message(), password=LENA_MAIL_PASSWORD,
                         security=Security.STARTTLS)
        assert "certificate" in str(e.value) and len(server.received) == 1
    finally:
        server.stop()


def test_implicit_tls_as_on_port_465(cert: tuple[Path, Path]):
    server = SmtpServer(tls="implicit", cert=cert,
                        users={"lena@example.com": LENA_MAIL_PASSWORD}).start()
    try:
        send_message(loopback(server.port), message(), password=LENA_MAIL_PASSWORD,
                     security=Security.TLS, context=trusting(cert))
        assert len(server.received) == 1
    finally:
        server.stop()


def test_the_port_decides_the_protection():
    assert MailConfig("m:587", "m", 587).security is Security.STARTTLS
    assert MailConfig("m:465", "m", 465).security is Security.TLS
    assert MailConfig("localhost:25", "localhost", 25).security is Security.PLAIN


def test_plain_smtp_to_another_host_is_refused_before_connecting():
    config = MailConfig("mail.example.com:25", "mail.example.com", 25, "lena")
    with pytest.raises(MailError) as e:
        send_message(config, message(), password="x", timeout=0.01)
    assert "clear text" in str(e.value) and "587" in str(e.value)


def test_a_server_without_starttls_is_not_used_when_starttls_is_due(smtp_server: SmtpServer):
    with pytest.raises(MailError) as e:
        send_message(loopback(smtp_server.port), message(), password=LENA_MAIL_PASSWORD,
                     security=Security.STARTTLS)
    assert "does not offer STARTTLS" in str(e.value)
    assert smtp_server.received == []


def test_a_refused_recipient_means_no_one_gets_the_message(smtp_server: SmtpServer):
    smtp_server.handler.refuse = {"priya@example.com"}
    with pytest.raises(MailError) as e:
        send_message(loopback(smtp_server.port), message(), password=LENA_MAIL_PASSWORD)
    text = str(e.value)
    assert "priya@example.com" in text and "maya@example.com" not in text
    assert "sent to no one" in text
    assert smtp_server.received == []


def test_a_wrong_password_is_a_refused_login(smtp_server: SmtpServer):
    with pytest.raises(MailError) as e:
        send_message(loopback(smtp_server.port), message(), password="not it")
    assert "refused the login" in str(e.value) and "mail-password" in str(e.value)
    assert smtp_server.received == []


def test_a_dropped_connection_is_an_error(smtp_server: SmtpServer):
    smtp_server.handler.drop = True
    with pytest.raises(MailError) as e:
        send_message(loopback(smtp_server.port), message(), password=LENA_MAIL_PASSWORD)
    assert "closed the connection" in str(e.value)
    assert smtp_server.received == []


def test_a_server_that_never_answers_times_out():
    silent = SilentServer()
    try:
        with pytest.raises(MailError) as e:
            send_message(loopback(silent.port), message(), password=None, timeout=0.3)
        assert "did not answer within 0.3 seconds" in str(e.value)
    finally:
        silent.close()


def test_nobody_listening_is_a_connection_error():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with pytest.raises(MailError) as e:
        send_message(loopback(port), message(), password=None, timeout=2)
    assert f"cannot connect to 127.0.0.1:{port}" in str(e.value)
