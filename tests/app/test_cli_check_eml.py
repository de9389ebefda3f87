"""`overlap check` on e-mail invitations (.eml): one fixture per interop rule fails it,
with the rule's code; the good ones and every message Overlap writes pass.

The fixtures are written by tests/fixtures/eml/regenerate.py (run by hand, review the diff).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main

EML = Path(__file__).resolve().parents[1] / "fixtures" / "eml"

BROKEN = {
    "method-param-differs.eml": "imip-method",
    "method-param-missing.eml": "imip-method",
    "organizer-not-sender.eml": "imip-organizer",
    "organizer-missing.eml": "imip-organizer",
    "attendee-without-rsvp.eml": "imip-attendee",
    "attendee-missing.eml": "imip-attendee",
    "attendee-twice.eml": "imip-attendee",
    "attendee-not-recipient.eml": "imip-attendee",
    "cancel-not-cancelled.eml": "imip-cancel",
    "cancel-sequence-not-raised.eml": "imip-cancel",
    "recurrence-id-form.eml": "imip-recurrence-id",
    "recurrence-id-date.eml": "imip-recurrence-id",
    "vtimezone-rdate.eml": "imip-vtimezone",
}


def check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, object]]:
    code = main(["check", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["request-good.eml", "cancel-good.eml"])
def test_a_good_invitation_passes(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, report = check(capsys, EML / name)
    assert (code, report["findings"]) == (0, [])


@pytest.mark.parametrize(("name", "rule"), sorted(BROKEN.items()))
def test_each_broken_rule_fails_check_with_its_code(capsys: pytest.CaptureFixture[str],
                                                    name: str, rule: str) -> None:
    code, report = check(capsys, EML / name)
    assert code == 1
    findings = report["findings"]
    assert isinstance(findings, list)
    codes = {f["code"] for f in findings if f["severity"] == "error"}
    assert rule in codes
    assert {c for c in codes if c.startswith("imip-")} == {rule}


def test_the_text_report_names_the_calendar_part_and_the_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EML / "recurrence-id-form.eml")]) == 1
    out = capsys.readouterr().out
    assert "recurrence-id-form.eml (text/calendar part):" in out
    assert "imip-recurrence-id" in out and "1 error(s)" in out


def test_the_fixtures_are_what_regenerate_writes() -> None:
    from tests.fixtures.eml.regenerate import FIXTURES

    assert set(FIXTURES) == {p.name for p in EML.glob("*.eml")}
    for name, data in FIXTURES.items():
        assert (EML / name).read_bytes() == data, f"{name}: run the regenerate script"


def test_a_message_saved_under_another_name_is_still_read_as_an_eml(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Mail clients save messages as .msg, .txt or without a suffix: the MIME headers tell.
    for name in ("invitation.txt", "invitation"):
        copy = tmp_path / name
        copy.write_bytes((EML / "method-param-differs.eml").read_bytes())
        code, report = check(capsys, copy)
        assert code == 1
        findings = report["findings"]
        assert isinstance(findings, list)
        assert {f["code"] for f in findings} == {"imip-method"}
