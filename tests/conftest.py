import os

from hypothesis import settings

# Qt must never need a display in the test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests read the English source text whatever language the machine speaks: where the
# environment names a language, LANGUAGE=en (which wins over LC_ALL, LC_MESSAGES and
# LANG) keeps Overlap's catalogs out. A C/POSIX environment is left as it is (LANGUAGE
# also changes what Qt and the holidays library take as the system's language).
from app.language import environment_languages  # noqa: E402

if environment_languages(os.environ):
    os.environ["LANGUAGE"] = "en"

# CI replays the same examples every run (a red CI is always reproducible);
# local runs explore new ones, and failures found there become regression tests.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


# --- a real CalDAV server and an in-process keyring (tests of publishing) ------------------

import keyring  # noqa: E402
import pytest  # noqa: E402

from planner.caldav import PASSWORD_ENV  # noqa: E402
from tests.caldav_server import (  # noqa: E402
    LENA_PASSWORD,
    PRIYA_PASSWORD,
    MemoryKeyring,
    Radicale,
)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    """Radicale on 127.0.0.1 without authentication, one per test module."""
    server = Radicale(tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def radicale_auth(tmp_path_factory):
    """Radicale on 127.0.0.1 with logins for lena and priya, one per test module."""
    server = Radicale(tmp_path_factory.mktemp("radicale-auth"),
                      users={"lena": LENA_PASSWORD, "priya": PRIYA_PASSWORD}).start()
    yield server
    server.stop()


@pytest.fixture
def memory_keyring(monkeypatch):
    """The keyring is an in-memory one; the machine's is never touched."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


# --- a real SMTP server (tests of e-mail invitations) --------------------------------------

from tests.smtp_server import LENA_MAIL_PASSWORD, SmtpServer  # noqa: E402


@pytest.fixture
def smtp_server():
    """aiosmtpd on 127.0.0.1, plain SMTP, with a login for lena@example.com."""
    server = SmtpServer(users={"lena@example.com": LENA_MAIL_PASSWORD}).start()
    yield server
    server.stop()


# --- the language: English again after a test that chose another ---------------------------

@pytest.fixture(autouse=True)
def _english_after_test():
    yield
    from planner.i18n import language, use_language
    from resources import LOCALE_DIR

    if language() is not None:
        use_language(None, LOCALE_DIR)


@pytest.fixture
def xvfb():
    """A private X server on a free display (Xvfb picks it and writes its number), for
    the tests that need a real X11 window; they skip themselves where Xvfb is missing."""
    import subprocess

    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                               "1600x1000x24", "-nolisten", "tcp"], pass_fds=(write,),
                              stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        display = f.readline().strip()
    yield f":{display}"
    server.terminate()
    server.wait(10)
