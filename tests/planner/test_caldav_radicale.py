"""Publishing to a real CalDAV server (Radicale on 127.0.0.1) and reading busy times back.

Radicale runs as a subprocess, once per module (one server without
authentication, one with htpasswd), with a temporary storage folder; each test
gets its own calendar.  What the server stores is read back through the
server's own expansion (a raw ``calendar-query`` with ``<C:expand>``, parsed
here with ElementTree and icalendar, not through the code under test) and
compared with the planner's occurrences.  Failures use fake servers on
127.0.0.1: one answering garbage, one that never answers, a port nobody
listens on.  The password comes from an in-memory keyring backend set with
``keyring.set_keyring`` (the machine's keyring is never touched).
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import time as clock
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar
import keyring
import keyring.backend
import pytest

from planner import caldav as cs
from planner.caldav import transport
from planner.context import build_calendar
from planner.errors import PlanFileError
from planner.ics.busy_import import MemberBusy, busy_spans
from planner.ics.export import (
    Export,
    ExportOptions,
    export_rotation,
    export_series,
    read_exports,
)
from planner.planfile import PlanDocument, parse_plan
from planner.rotation.planning import parse_candidate, plan_rotation
from planner.series import Decision, Series, analyse_series
from tests.builders import plan_text
from tests.caldav_server import LENA_PASSWORD, BrokenKeyring, MemoryKeyring, Radicale, fail_on_put

pytestmark = pytest.mark.usefixtures("memory_keyring")

STAMP = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)


# --- a real server ----------------------------------------------------------------------------

# --- plans and exports ------------------------------------------------------------------------

PLAN = plan_text("berlin-new-york-kolkata")


def plan_doc(url: str, *, user: str | None = None, extra: str = "") -> PlanDocument:
    text = PLAN + f'\n[calendar]\nurl = "{url}"\n'
    if user:
        text += f'user = "{user}"\n'
    return parse_plan(text + extra)


# Weekly at 09:00 New York over both DST changes of 2026 (US 8 March, EU 29 March),
# with one date skipped and one moved: what a client shows must follow all of it.
SERIES = Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
                cadence="week", count=6, duration=45,
                decisions=((date(2026, 3, 17), Decision("skip")),
                           (date(2026, 3, 24), Decision("move", date(2026, 3, 25)))))
WINDOW = (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))


def series_export(pd: PlanDocument, series: Series = SERIES, stamp: datetime = STAMP) -> Export:
    return export_series(pd.plan, build_calendar(pd.plan), series, stamp=stamp,
                         memory=read_exports(pd), options=ExportOptions(caldav=True))


def planned(pd: PlanDocument, series: Series = SERIES) -> list[tuple[datetime, datetime]]:
    report = analyse_series(series, pd.plan, build_calendar(pd.plan))
    return sorted((o.start, o.end) for o in report.occurrences if o.held)


SLOTS = ("09:00 Europe/Berlin", "15:00 Europe/Berlin", "08:00 America/New_York")


def rotation(pd: PlanDocument, locks: dict[int, str], *, count: int = 6, duration: int = 30,
             slots: tuple[str, ...] = SLOTS) -> Any:
    return plan_rotation(pd.plan, build_calendar(pd.plan), start=date(2026, 3, 2),
                         cadence="week", count=count, duration=duration,
                         candidates=[parse_candidate(t, "ABC"[i]) for i, t in enumerate(slots)],
                         locks=locks)


def rotation_export(pd: PlanDocument, rot: Any, stamp: datetime = STAMP) -> Export:
    return export_rotation(pd.plan, build_calendar(pd.plan), rot, stamp=stamp,
                           memory=read_exports(pd), options=ExportOptions(caldav=True))


def sequences(server: Radicale, calendar: str, user: str | None = None) -> dict[str, int]:
    out = {}
    for data in server.objects(calendar, user).values():
        for ev in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            out[str(ev["UID"])] = int(ev["SEQUENCE"])
    return out


# --- publishing -------------------------------------------------------------------------------

def test_series_on_the_server_expands_to_the_planned_occurrences(radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    export = series_export(pd)
    report = cs.publish_plan(pd, export)
    assert [(r.action, r.outcome) for r in report.results] == [("create", "done")]
    got = radicale.expansion(url, *WINDOW)
    assert [(s, e) for s, e, _ in got] == planned(pd)
    assert {uid for _, _, uid in got} == {export.records[0].uid}
    # The skipped date really is gone and the moved one is on its new day, in UTC
    # computed by the server from the RRULE-style VTIMEZONE across both DST changes.
    starts = {s for s, _, _ in got}
    assert datetime(2026, 3, 17, 13, tzinfo=UTC) not in starts
    assert datetime(2026, 3, 25, 13, tzinfo=UTC) in starts
    assert datetime(2026, 3, 3, 14, tzinfo=UTC) in starts  # EST before 8 March
    stored = radicale.objects(url)
    assert len(stored) == 1
    assert "METHOD" not in icalendar.Calendar.from_ical(next(iter(stored.values())))


def test_rotation_on_the_server_shows_exactly_the_chosen_slots(radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    rot = rotation(pd, {1: "A", 2: "B", 3: "A", 4: "C", 5: "B", 6: "A"})
    export = rotation_export(pd, rot)
    report = cs.publish_plan(pd, export)
    assert [r.verb for r in report.results] == ["created"] * 3
    got = radicale.expansion(url, *WINDOW)
    assert [(s, e) for s, e, _ in got] == sorted((o.start, o.end) for o in rot.occurrences)
    by_uid: dict[str, list[datetime]] = {}
    for s, _, uid in got:
        by_uid.setdefault(uid, []).append(s)
    assert sorted(len(v) for v in by_uid.values()) == [1, 2, 3]  # C, B, A
    assert len(radicale.objects(url)) == 3
    for data in radicale.objects(url).values():
        cal = icalendar.Calendar.from_ical(data)
        assert "METHOD" not in cal
        assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 1


def test_publishing_again_updates_in_place_and_skips_what_did_not_change(
        radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    first = series_export(pd)
    cs.publish_plan(pd, first)
    uid = first.records[0].uid
    etag = cs.read_published(pd)[uid].etag
    assert sequences(radicale, url) == {uid: 0}

    # Nothing changed: nothing is written (the server's ETag stays) and the plan stays.
    before = pd.dumps()
    again = cs.publish_plan(pd, series_export(pd, stamp=STAMP + timedelta(days=1)))
    assert [r.verb for r in again.results] == ["unchanged"]
    assert not again.written and pd.dumps() == before
    assert radicale.expansion(url, *WINDOW)
    status, headers, _ = radicale.http("GET", again.results[0].href)
    assert status == 200 and headers["etag"] == etag

    # A change: the same object, SEQUENCE up, no duplicate, the new times on the server.
    longer = replace(SERIES, duration=60, decisions=())
    changed = series_export(pd, longer, stamp=STAMP + timedelta(days=2))
    report = cs.publish_plan(pd, changed)
    assert [(r.verb, r.sequence) for r in report.results] == [("updated", 1)]
    assert sequences(radicale, url) == {uid: 1}
    assert [(s, e) for s, e, _ in radicale.expansion(url, *WINDOW)] == planned(pd, longer)
    assert cs.read_published(pd)[uid].etag not in (None, etag)


def test_a_slot_that_left_the_rotation_is_deleted(radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    cs.publish_plan(pd, rotation_export(pd, rotation(pd, {i: "AB"[i % 2] for i in range(1, 7)})))
    assert len(radicale.objects(url)) == 2
    rot = rotation(pd, {i: "A" for i in range(1, 7)})
    report = cs.publish_plan(pd, rotation_export(pd, rot))
    assert sorted(r.verb for r in report.results) == ["deleted", "updated"]
    assert len(radicale.objects(url)) == 1
    assert [(s, e) for s, e, _ in radicale.expansion(url, *WINDOW)] == \
        sorted((o.start, o.end) for o in rot.occurrences)
    gone = next(r for r in report.results if r.action == "delete")
    assert cs.read_published(pd)[gone.uid].href is None  # forgotten, SEQUENCE memory kept
    assert gone.uid in read_exports(pd)


def test_a_change_on_the_server_is_a_conflict_and_nothing_is_overwritten(
        radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    rot = rotation(pd, {1: "A", 2: "B", 3: "A", 4: "B", 5: "A", 6: "B"})
    cs.publish_plan(pd, rotation_export(pd, rot))
    objects = radicale.objects(url)
    theirs_href = sorted(objects)[0]
    theirs = objects[theirs_href].replace("SUMMARY:Payments check-in",
                                          "SUMMARY:Moved by Maya in her app")
    assert radicale.put(theirs_href, theirs) in (200, 201, 204)
    before = pd.dumps()

    longer = rotation(pd, {1: "A", 2: "B", 3: "A", 4: "B", 5: "A", 6: "B"}, duration=50)
    with pytest.raises(cs.CalDavError) as caught:
        cs.publish_plan(pd, rotation_export(pd, longer))
    err = caught.value
    assert err.report is not None and not err.report.written
    assert [r.href.endswith(theirs_href) for r in err.report.conflicts] == [True]
    assert "changed on the server" in str(err) and "--force" in str(err)
    assert not err.plan_changed and pd.dumps() == before
    assert radicale.objects(url) == {**objects, theirs_href: theirs}  # nothing written at all

    # A dry run shows the same, and --force replaces their version.
    dry = cs.publish_plan(pd, rotation_export(pd, longer), dry_run=True)
    assert sorted(r.verb for r in dry.results) == ["conflict", "would update"]
    forced = cs.publish_plan(pd, rotation_export(pd, longer), force=True)
    assert sorted(r.verb for r in forced.results) == ["updated", "updated"]
    assert "Moved by Maya" not in "".join(radicale.objects(url).values())
    assert [r.verb for r in cs.publish_plan(pd, rotation_export(pd, longer)).results] == \
        ["unchanged", "unchanged"]


def test_an_event_deleted_on_the_server_is_a_conflict_too(radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    cs.publish_plan(pd, series_export(pd))
    href = next(iter(radicale.objects(url)))
    assert radicale.http("DELETE", href)[0] in (200, 204)
    with pytest.raises(cs.CalDavError, match="deleted on the server"):
        cs.publish_plan(pd, series_export(pd))
    assert radicale.objects(url) == {}
    report = cs.publish_plan(pd, series_export(pd), force=True)
    assert [r.verb for r in report.results] == ["created"]
    assert len(radicale.objects(url)) == 1


def test_an_imported_copy_is_found_by_uid(radicale: Radicale) -> None:
    """Someone imported the exported .ics into the shared calendar under another name."""
    url = radicale.make_calendar()
    pd = plan_doc(url)
    export = series_export(pd)
    imported = f"{url}imported-by-thunderbird.ics"
    assert radicale.put(imported, export.resources[0][1]) == 201
    report = cs.publish_plan(pd, series_export(pd, stamp=STAMP + timedelta(hours=1)))
    assert [(r.verb, r.href) for r in report.results] == [("already there", imported)]
    assert list(radicale.objects(url)) == [urlsplit(imported).path]
    # With other content it is a conflict (the UID is taken: RFC 4791 5.3.2.1).
    other = plan_doc(radicale.make_calendar())
    url2 = other.doc["calendar"]["url"]
    assert radicale.put(f"{url2}x.ics", export.resources[0][1].replace(
        b"SUMMARY:Payments", b"SUMMARY:Renamed")) == 201
    with pytest.raises(cs.CalDavError, match="not published from this plan"):
        cs.publish_plan(other, series_export(other))
    assert len(radicale.objects(url2)) == 1


def test_a_publish_whose_answer_was_lost_is_adopted_not_duplicated(radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    config = cs.read_calendar_config(pd)
    assert config is not None
    first = cs.publish(series_export(pd), config, memory=cs.read_published(pd))
    assert first.written  # ... but the plan never learnt it (crash before saving)
    report = cs.publish_plan(pd, series_export(pd, stamp=STAMP + timedelta(minutes=5)))
    assert [r.verb for r in report.results] == ["already there"]
    assert len(radicale.objects(url)) == 1
    assert cs.read_published(pd)[report.results[0].uid].etag == first.results[0].etag


def test_a_run_that_stops_midway_says_what_was_written_and_the_next_run_finishes(
        radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    rot = rotation(pd, {1: "A", 2: "B", 3: "C", 4: "A", 5: "B", 6: "C"})
    fail_on_put(monkeypatch, 2)
    with pytest.raises(cs.CalDavError) as caught:
        cs.publish_plan(pd, rotation_export(pd, rot))
    err = caught.value
    assert err.report is not None
    outcomes = [(r.uid, r.outcome) for r in err.report.results]
    assert [o for _, o in outcomes] == ["done", "failed", "not attempted"]
    assert [r.uid for r in err.report.written] == [outcomes[0][0]]
    assert [r.uid for r in err.report.not_written] == [u for u, _ in outcomes[1:]]
    text = str(err)
    assert "cannot reach the server" in text and "publishing stopped" in text
    assert f'written "{err.report.written[0].what}"' in text
    assert err.plan_changed
    remembered = cs.read_published(pd)
    assert [u for u, r in remembered.items() if r.href] == [outcomes[0][0]]
    assert len(radicale.objects(url)) == 1

    monkeypatch.undo()
    report = cs.publish_plan(pd, rotation_export(pd, rot, stamp=STAMP + timedelta(hours=1)))
    assert [r.verb for r in report.results] == ["unchanged", "created", "created"]
    assert len(radicale.objects(url)) == 3
    assert [(s, e) for s, e, _ in radicale.expansion(url, *WINDOW)] == \
        sorted((o.start, o.end) for o in rot.occurrences)


@pytest.mark.parametrize("first_publish", [True, False], ids=["update", "create"])
def test_a_write_racing_another_client_stops_on_the_etag(radicale: Radicale,
                                                         first_publish: bool) -> None:
    """If-Match (update) and If-None-Match: * (create) guard the time between the
    check and the write: another client's write in between is never overwritten."""
    url = radicale.make_calendar()
    pd = plan_doc(url)
    locks = {1: "A", 2: "B", 3: "C", 4: "A", 5: "B", 6: "C"}
    if first_publish:
        cs.publish_plan(pd, rotation_export(pd, rotation(pd, locks)))
    export = rotation_export(pd, rotation(pd, locks, duration=40))
    uid, data = export.resources[1]
    href = f"{url}{uid}.ics"

    def meddle(n: int, total: int, result: cs.ObjectResult) -> None:
        if n == 1:  # between our check and our write, someone writes the next one
            assert radicale.put(href, data.replace(b"SUMMARY:", b"SUMMARY:Edited ")) in \
                (201, 204)

    with pytest.raises(cs.CalDavError) as caught:
        cs.publish_plan(pd, export, progress=meddle)
    report = caught.value.report
    assert report is not None
    assert [r.outcome for r in report.results] == ["done", "conflict", "not attempted"]
    assert ("ETag no longer matches" if first_publish else "created on the server by someone "
            "else") in str(caught.value)
    assert b"SUMMARY:Edited" in radicale.http("GET", href)[2]


def test_a_dry_run_reads_but_never_writes(radicale: Radicale) -> None:
    url = radicale.make_calendar()
    pd = plan_doc(url)
    before = pd.dumps()
    report = cs.publish_plan(pd, series_export(pd), dry_run=True)
    assert [r.verb for r in report.results] == ["would create"]
    assert report.dry_run and report.complete and not report.written
    assert radicale.objects(url) == {} and pd.dumps() == before


def test_progress_is_reported_for_every_object(radicale: Radicale) -> None:
    pd = plan_doc(radicale.make_calendar())
    seen: list[tuple[int, int, str]] = []
    cs.publish_plan(pd, rotation_export(pd, rotation(pd, {1: "A", 2: "B", 3: "C"}, count=3)),
                    progress=lambda n, total, r: seen.append((n, total, r.verb)))
    assert seen == [(1, 3, "created"), (2, 3, "created"), (3, 3, "created")]


# --- METHOD never reaches a CalDAV server -----------------------------------------------------

def test_no_stored_object_carries_method() -> None:
    """Radicale accepts METHOD; stricter servers refuse it (RFC 4791 4.1), so check ours."""
    pd = plan_doc("http://127.0.0.1:9/cal/")
    exports = [series_export(pd),
               rotation_export(pd, rotation(pd, {1: "A", 2: "B", 3: "C"}, count=3))]
    for export in exports:
        objects = cs.check_resources(export)
        assert len(objects) == len(export.records)
        for uid, data in objects:
            cal = icalendar.Calendar.from_ical(data)
            assert "METHOD" not in cal and b"\r\nMETHOD:" not in data
            assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {uid}


def test_an_export_with_method_is_refused_before_anything_is_sent() -> None:
    pd = plan_doc("http://127.0.0.1:9/cal/")
    good = series_export(pd)
    uid, data = good.resources[0]
    with_method = data.replace(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nMETHOD:PUBLISH\r\n")
    bad = replace(good, resources=((uid, with_method),))
    with pytest.raises(ValueError, match="METHOD"):
        cs.check_resources(bad)
    config = cs.read_calendar_config(pd)
    assert config is not None
    with pytest.raises(ValueError, match="METHOD"):  # before any connection (port 9: discard)
        cs.publish(bad, config)
    file_export = export_series(pd.plan, build_calendar(pd.plan), SERIES, stamp=STAMP)
    with pytest.raises(ValueError, match="caldav=True"):
        cs.check_resources(file_export)


# --- failures ---------------------------------------------------------------------------------

def _fails(pd: PlanDocument, export: Export | None = None, **kw: Any) -> cs.CalDavError:
    before = pd.dumps()
    with pytest.raises(cs.CalDavError) as caught:
        cs.publish_plan(pd, export or series_export(pd), **kw)
    assert pd.dumps() == before  # the plan is unchanged
    assert caught.value.report is None or not caught.value.report.written
    return caught.value


def test_an_unknown_calendar_is_named_with_the_fix(radicale: Radicale) -> None:
    url = f"{radicale.url}lena/no-such-calendar/"
    err = _fails(plan_doc(url))
    assert err.problems[0].path == url
    assert "no calendar at this address (404)" in str(err)
    assert "create the calendar" in str(err)


def test_a_folder_is_not_a_calendar(radicale: Radicale) -> None:
    radicale.make_calendar()  # makes /lena/
    err = _fails(plan_doc(f"{radicale.url}lena/"))
    assert "is a folder, not a calendar" in str(err)


def test_a_stopped_server_is_unreachable(tmp_path: Path) -> None:
    server = Radicale(tmp_path / "short-lived").start()
    url = server.make_calendar()
    server.stop()
    err = _fails(plan_doc(url))
    assert "cannot reach the server while opening the calendar" in str(err)
    assert err.problems[0].path == url


class _Garbage(http.server.BaseHTTPRequestHandler):
    kind = "html"

    def _answer(self) -> None:
        if self.kind == "html":
            body, status, ctype = b"<html><body>Welcome to nginx!</body></html>", 200, \
                "text/html"
        else:
            body, status, ctype = b"<?xml version='1.0'?><multistatus xmlns='DAV:'><resp", \
                207, "text/xml"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_PROPFIND = do_REPORT = do_OPTIONS = do_DELETE = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.parametrize("kind", ["html", "broken-xml"])
def test_a_server_answering_garbage(kind: str) -> None:
    handler = type("Handler", (_Garbage,), {"kind": kind})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/lena/checkins/"
        err = _fails(plan_doc(url))
        assert "not a CalDAV answer" in str(err) and "web page" in str(err)
        assert err.problems[0].path == url
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections queue up; nobody ever reads or answers them
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/lena/checkins/"
        started = clock.monotonic()
        err = _fails(plan_doc(url), timeout=0.4)
        assert clock.monotonic() - started < 5
    assert "did not answer within 0.4 s" in str(err)


def test_a_wrong_password_is_refused_with_the_fix(radicale_auth: Radicale,
                                                  memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    pd = plan_doc(url, user="lena")
    memory_keyring.set_password("overlap", f"lena@{url}", "wrong")
    err = _fails(pd)
    assert 'refused the password of "lena" (401)' in str(err)
    assert f'keyring set overlap "lena@{url}"' in str(err)


def test_the_password_comes_from_the_keyring(radicale_auth: Radicale,
                                             memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    pd = plan_doc(url, user="lena")
    memory_keyring.set_password("overlap", f"lena@{url}", LENA_PASSWORD)
    report = cs.publish_plan(pd, series_export(pd))
    assert [r.verb for r in report.results] == ["created"]
    assert len(radicale_auth.objects(url, user="lena")) == 1
    assert LENA_PASSWORD not in pd.dumps()


def test_without_a_keyring_entry_the_environment_variable_is_the_fallback(
        radicale_auth: Radicale, memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    pd = plan_doc(url, user="lena")
    err = _fails(pd, environ={})
    assert 'no password for "lena@' in str(err) and "keyring set overlap" in str(err)
    assert cs.PASSWORD_ENV in str(err)
    report = cs.publish_plan(pd, series_export(pd), environ={cs.PASSWORD_ENV: LENA_PASSWORD})
    assert report.written


def test_a_broken_keyring_falls_back_or_says_why(radicale_auth: Radicale) -> None:
    url = radicale_auth.make_calendar("lena")
    config = cs.CalendarConfig(url=url, user="lena")
    keyring.set_keyring(BrokenKeyring())
    assert cs.find_password(config, environ={cs.PASSWORD_ENV: "x"}) == "x"
    with pytest.raises(cs.CalDavError, match="keyring is not available.*locked"):
        cs.find_password(config, environ={})
    assert cs.find_password(cs.CalendarConfig(url=url)) is None  # no user: no password


def test_a_server_wanting_a_login_when_the_plan_has_no_user(radicale_auth: Radicale) -> None:
    url = radicale_auth.make_calendar("lena")
    err = _fails(plan_doc(url))
    assert "asks for a user name and password (401)" in str(err)
    assert 'add user = "…" under [calendar]' in str(err)


def test_a_calendar_found_by_its_display_name(radicale_auth: Radicale,
                                              memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena", name="Team check-ins")
    home = radicale_auth.url
    memory_keyring.set_password("overlap", f"lena@{home}", LENA_PASSWORD)
    pd = plan_doc(home, user="lena", extra='name = "Team check-ins"\n')
    report = cs.publish_plan(pd, series_export(pd))
    assert report.calendar == url
    assert len(radicale_auth.objects(url, user="lena")) == 1
    wrong = plan_doc(home, user="lena", extra='name = "Team checkins"\n')
    err = _fails(wrong)
    assert 'no calendar named "Team checkins"' in str(err)
    assert '"Team check-ins"' in str(err)


# --- the plan's [calendar] --------------------------------------------------------------------

def test_calendar_settings_are_checked_when_the_plan_loads() -> None:
    text = (PLAN + '\n[calendar]\nurl = "ftp://dav.example.com/cal/"\npassword = "hunter2"\n'
            '\n[calendar.busy]\nPriyaa = "../priya/"\n')
    with pytest.raises(PlanFileError) as caught:
        parse_plan(text, path="team.toml")
    problems = {p.field: p for p in caught.value.problems}
    url_line = text.splitlines().index('url = "ftp://dav.example.com/cal/"') + 1
    assert problems["calendar.url"].line == url_line
    assert "http(s)" in problems["calendar.url"].reason
    assert problems["calendar.busy.Priyaa"].line == len(text.splitlines())
    assert "Priya" in (problems["calendar.busy.Priyaa"].suggestion or "")
    pd = parse_plan(PLAN + '\n[calendar]\nurl = "https://dav.example.com/cal"\n'
                    'password = "x"\n')
    assert [w.field for w in pd.warnings] == ["calendar.password"]
    with pytest.raises(PlanFileError, match="user name or password"):
        parse_plan(PLAN + '\n[calendar]\nurl = "https://lena:pw@dav.example.com/cal/"\n')


def test_calendar_config_resolves_member_calendars_on_the_same_server_only() -> None:
    pd = plan_doc("https://dav.example.com/dav/lena/checkins", user="lena",
                  extra='\n[calendar.busy]\nPriya = "../../priya/work/"\n'
                  'Maya = "https://dav.example.com/dav/maya/cal"\n')
    config = cs.read_calendar_config(pd)
    assert config == cs.CalendarConfig(
        url="https://dav.example.com/dav/lena/checkins", user="lena",
        busy=(("Priya", "https://dav.example.com/dav/priya/work/"),
              ("Maya", "https://dav.example.com/dav/maya/cal/")))
    assert config.keyring_user == "lena@https://dav.example.com/dav/lena/checkins"
    elsewhere = plan_doc("https://dav.example.com/cal/",
                         extra='\n[calendar.busy]\nMaya = "https://evil.example.org/cal/"\n')
    with pytest.raises(cs.CalDavError, match="another server"):
        cs.read_calendar_config(elsewhere)
    assert cs.read_calendar_config(parse_plan(PLAN)) is None
    with pytest.raises(cs.CalDavError, match="names no calendar"):
        cs.publish_plan(parse_plan(PLAN), series_export(plan_doc("http://127.0.0.1:9/")))


# --- busy times -------------------------------------------------------------------------------

PRIYA_BUSY = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//busy//EN
BEGIN:VEVENT
UID:standup@priya
DTSTAMP:20260101T000000Z
DTSTART;TZID=Asia/Kolkata:20260302T100000
DTEND;TZID=Asia/Kolkata:20260302T103000
RRULE:FREQ=DAILY;COUNT=10;BYDAY=MO,TU,WE,TH,FR
EXDATE;TZID=Asia/Kolkata:20260304T100000
SUMMARY:Stand-up
END:VEVENT
BEGIN:VEVENT
UID:standup@priya
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Asia/Kolkata:20260305T100000
DTSTART;TZID=Asia/Kolkata:20260305T150000
DTEND;TZID=Asia/Kolkata:20260305T160000
SUMMARY:Stand-up (late)
END:VEVENT
END:VCALENDAR
"""
PRIYA_REVIEW = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//busy//EN
BEGIN:VEVENT
UID:review@priya
DTSTAMP:20260101T000000Z
DTSTART:20260303T120000Z
DTEND:20260303T133000Z
SUMMARY:Design review
END:VEVENT
END:VCALENDAR
"""
PRIYA_FREE = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//busy//EN
BEGIN:VEVENT
UID:free@priya
DTSTAMP:20260101T000000Z
DTSTART:20260306T060000Z
DTEND:20260306T070000Z
TRANSP:TRANSPARENT
SUMMARY:Reminder (shows as free)
END:VEVENT
END:VCALENDAR
"""
PRIYA_ALL_DAY = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//busy//EN
BEGIN:VEVENT
UID:holi@priya
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260310
DTEND;VALUE=DATE:20260311
SUMMARY:Day off
END:VEVENT
END:VCALENDAR
"""
BUSY_RANGE = (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 16, tzinfo=UTC))


def _busy_calendar(server: Radicale, *texts: str, user: str | None = None) -> str:
    url = server.make_calendar(user or "priya")
    for i, text in enumerate(texts):
        status = server.put(f"{url}busy-{i}.ics", text.replace("\n", "\r\n"), user=user)
        assert status == 201
    return url


def _oracle(*texts: str) -> list[tuple[int, int]]:
    """The same events as busy .ics files, read by planner.ics.busy_import."""
    spans: list[tuple[int, int]] = []
    for text in texts:
        spans += busy_spans(text.encode(), *BUSY_RANGE, "Asia/Kolkata")
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def test_busy_times_by_free_busy_query_equal_the_busy_file_reading(radicale: Radicale) -> None:
    url = _busy_calendar(radicale, PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE)
    pd = plan_doc(radicale.make_calendar(), extra=f'\n[calendar.busy]\nPriya = "{url}"\n')
    config = cs.read_calendar_config(pd)
    assert config is not None
    got = cs.fetch_busy(pd.plan, config, *BUSY_RANGE, mode="freebusy")
    spans = got["Priya"].spans(*BUSY_RANGE, "Asia/Kolkata")
    assert spans == _oracle(PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE)
    assert len(spans) == 10  # 9 stand-ups (one excluded) + the review; the free one is free
    assert list(got) == ["Priya"]


def test_busy_times_from_expanded_events_include_all_day_in_the_members_zone(
        radicale: Radicale) -> None:
    url = _busy_calendar(radicale, PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE, PRIYA_ALL_DAY)
    pd = plan_doc(radicale.make_calendar(), extra=f'\n[calendar.busy]\nPriya = "{url}"\n')
    config = cs.read_calendar_config(pd)
    assert config is not None
    got = cs.fetch_busy(pd.plan, config, *BUSY_RANGE, mode="events")
    assert got["Priya"].spans(*BUSY_RANGE, "Asia/Kolkata") == \
        _oracle(PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE, PRIYA_ALL_DAY)
    # ... and they cut into working hours like a busy file does.
    priya = next(m for m in pd.plan.members if m.name == "Priya")
    member_busy = MemberBusy({"Priya": [got["Priya"]]}, {"Priya": "Asia/Kolkata"})
    day = (int(datetime(2026, 3, 9, 18, 30, tzinfo=UTC).timestamp()),  # 10 March, IST
           int(datetime(2026, 3, 10, 18, 30, tzinfo=UTC).timestamp()))
    assert member_busy.spans(priya, *day) == [day]


def test_auto_mode_reads_events_and_asks_free_busy_only_where_events_are_closed(
        radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
    url = _busy_calendar(radicale, PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE)
    pd = plan_doc(radicale.make_calendar(), extra=f'\n[calendar.busy]\nPriya = "{url}"\n')
    config = cs.read_calendar_config(pd)
    assert config is not None
    real = transport.Server.request
    asked: list[str] = []

    def spy(self: Any, method: str, url: str, body: Any = "", *a: Any, **kw: Any) -> Any:
        if "free-busy-query" in str(body):
            asked.append(url)
        return real(self, method, url, body, *a, **kw)

    monkeypatch.setattr(transport.Server, "request", spy)
    got = cs.fetch_busy(pd.plan, config, *BUSY_RANGE)
    assert asked == []  # the events were readable: our own expansion, no free/busy
    assert got["Priya"].spans(*BUSY_RANGE, "UTC") == _oracle(PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE)

    def events_forbidden(self: Any, method: str, url: str, body: Any = "", *a: Any,
                         **kw: Any) -> Any:
        if "calendar-query" in str(body):
            return transport.Answer(403, {}, None, "Forbidden")
        return spy(self, method, url, body, *a, **kw)

    monkeypatch.setattr(transport.Server, "request", events_forbidden)
    got = cs.fetch_busy(pd.plan, config, *BUSY_RANGE)
    assert asked  # free/busy only where the events cannot be read
    assert got["Priya"].spans(*BUSY_RANGE, "UTC") == _oracle(PRIYA_BUSY, PRIYA_REVIEW, PRIYA_FREE)


def test_busy_times_with_a_login_and_for_named_members_only(
        radicale_auth: Radicale, memory_keyring: MemoryKeyring) -> None:
    priya = _busy_calendar(radicale_auth, PRIYA_REVIEW, user="priya")
    mine = radicale_auth.make_calendar("lena")
    pd = plan_doc(mine, user="lena", extra=f'\n[calendar.busy]\nPriya = "{priya}"\n')
    config = cs.read_calendar_config(pd)
    assert config is not None
    with pytest.raises(cs.CalDavError, match="refused the password"):
        cs.fetch_busy(pd.plan, config, *BUSY_RANGE, password="wrong")
    got = cs.fetch_busy(pd.plan, config, *BUSY_RANGE, password=LENA_PASSWORD,
                        members=["Priya"])
    assert got["Priya"].spans(*BUSY_RANGE, "UTC") == _oracle(PRIYA_REVIEW)
    with pytest.raises(cs.CalDavError, match="no calendar is named for Maya"):
        cs.fetch_busy(pd.plan, config, *BUSY_RANGE, password=LENA_PASSWORD, members=["Maya"])
