"""Never lose work, never crash on input: kill-mid-save, conflicts, backups, fuzzed plans."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError
from planner.planfile import (
    PlanConflictError,
    atomic_write,
    backup_path,
    load_plan,
    parse_plan,
    save_plan,
)

from .test_planfile import GOOD, REGIONS

ROOT = Path(__file__).resolve().parents[2]

# The writer imports only what saving needs, so each round starts fast.
WRITER = r"""
import hashlib, sys
from planner.planfile import atomic_write
path, base = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
def version_text(n):
    body = base + f"# revision {n}\n" + "".join(f"# filler {n} {i:06d}\n" for i in range(8000))
    return body + f"# sha {hashlib.sha256(body.encode()).hexdigest()}\n"
n = 1
print("ready", flush=True)
while True:
    atomic_write(path, version_text(n).encode())
    n += 1
"""


def _is_whole_version(text: str) -> bool:
    body, _, tail = text.rpartition("# sha ")
    return hashlib.sha256(body.encode()).hexdigest() == tail.strip()


def test_killing_a_saving_process_leaves_old_or_new_file_whole(tmp_path: Path):
    target = tmp_path / "plan.toml"
    base = tmp_path / "base.txt"
    base.write_text(GOOD, encoding="utf-8")
    target.write_text(GOOD + "# revision 0\n# sha "
                      + hashlib.sha256((GOOD + "# revision 0\n").encode()).hexdigest() + "\n",
                      encoding="utf-8")
    rnd = random.Random(1234)
    seen = set()
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(base)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = target.read_text(encoding="utf-8")
        assert _is_whole_version(text), "a killed save left a torn file"
        parse_plan(text, path=target, regions=REGIONS)  # and it is still a valid plan
        seen.add(text.split("# revision ", 1)[1].split("\n", 1)[0])
    # The kills landed at different points, not all before the first write.
    assert len(seen) > 1


def test_conflict_detected_before_overwriting_someone_elses_change(tmp_path: Path):
    path = tmp_path / "team.toml"
    path.write_text(GOOD, encoding="utf-8")
    pd = load_plan(path, regions=REGIONS)
    pd.update_entry("member", 0, {"email": "mine@example.com"})
    # A colleague edits the file meanwhile.
    theirs = GOOD.replace('name = "Team"', 'name = "Their team"')
    path.write_text(theirs, encoding="utf-8")
    assert pd.changed_on_disk()
    with pytest.raises(PlanConflictError, match="changed by someone else"):
        save_plan(pd)
    assert path.read_text(encoding="utf-8") == theirs
    # The user chooses to overwrite: allowed, and their version is kept as the backup.
    save_plan(pd, force=True)
    assert "mine@example.com" in path.read_text(encoding="utf-8")
    assert backup_path(path).read_text(encoding="utf-8") == theirs
    assert not pd.changed_on_disk()


def test_save_keeps_previous_version_as_backup(tmp_path: Path):
    path = tmp_path / "team.toml"
    path.write_text(GOOD, encoding="utf-8")
    pd = load_plan(path, regions=REGIONS)
    pd.update_entry("member", 1, {"email": "omar@example.com"})
    save_plan(pd)
    assert backup_path(path).read_text(encoding="utf-8") == GOOD
    assert load_plan(path, regions=REGIONS).plan == pd.plan


def test_huge_file_is_refused_quickly(tmp_path: Path):
    path = tmp_path / "huge.toml"
    with path.open("w") as f:
        f.write(GOOD)
        f.write("# " + "x" * 100 + "\n" * 1)
        f.seek(9 * 1024 * 1024)
        f.write("\n")
    with pytest.raises(InputError, match="refused above"):
        load_plan(path, regions=REGIONS)


def test_two_thousand_members_load_and_round_trip():
    lines = [GOOD]
    for i in range(2000):
        lines.append(f'[[member]]\nname = "m{i}"\nzone = "Asia/Kolkata"\nhours = "09:00-17:00"\n')
    text = "\n".join(lines)
    t0 = time.perf_counter()
    pd = parse_plan(text, regions=REGIONS)
    assert len(pd.plan.members) == 2003
    assert pd.dumps() == text
    # Bounded: measured, not asserted tightly (speed lives in benchmarks).
    assert time.perf_counter() - t0 < 60


# --- fuzzing ---------------------------------------------------------------------

def _mutate(text: str, ops: list[tuple[int, int, str]]) -> str:
    for pos, cut, insert in ops:
        pos %= max(len(text), 1)
        text = text[:pos] + insert + text[pos + cut:]
    return text


_noise = st.sampled_from(['"', "[", "]", "[[", "=", "\n", "\\", "#", "{", "}", ",", "'",
                          "..", "-", ":", "24:00", "2026-02-30", "Europe/", "\x00", "é",
                          "true", "1e400", "version = 9", '"\u2028"', "  ", "\t"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 12),
                              st.one_of(_noise, st.text(max_size=6))), max_size=6))
def test_mutated_plans_give_a_plan_or_input_errors(ops):
    text = _mutate(GOOD, ops)
    try:
        pd = parse_plan(text, path="fuzz.toml", regions=REGIONS)
    except InputError as e:
        assert e.problems and all(p.reason for p in e.problems)
        assert all(p.path == "fuzz.toml" for p in e.problems)
        return
    # Whatever loaded must save and load back to the same plan.
    assert parse_plan(pd.dumps(), path="fuzz.toml", regions=REGIONS).plan == pd.plan


_scalar = st.one_of(st.text(max_size=12), st.integers(-3, 10**6), st.booleans(),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["09:00-17:00", "Europe/Berlin", "IN", "2026-12-24",
                                     "2026-12-28..2027-01-01", "sat", "Asia/Kolkata"]))
_values = st.recursive(_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)
_keys = st.sampled_from(["name", "zone", "site", "hours", "weekend", "time_off", "required",
                         "email", "night", "country", "subdivision", "id", "busy", "x"])
_entry = st.dictionaries(_keys, _values, max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(top=st.dictionaries(st.sampled_from(["version", "name", "reference_zone", "organizer",
                                            "costs", "holiday", "extra"]), _values, max_size=5),
       sites=st.lists(_entry, max_size=3), members=st.lists(_entry, max_size=4))
def test_structurally_valid_toml_with_wrong_values_never_crashes(top, sites, members):
    doc = {"version": 1, **top, "site": sites, "member": members}
    try:
        text = tomlkit.dumps(doc)
    except Exception:  # noqa: BLE001 - hypothesis made something TOML can't write
        return
    try:
        parse_plan(text, path="gen.toml", regions=REGIONS)
    except InputError as e:
        assert all(str(p) for p in e.problems)


# --- permissions of written files ------------------------------------------------------------

posix_modes = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_modes
@pytest.mark.parametrize("mask, want", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_are_created_with_the_umask_not_private(tmp_path: Path, umask, mask,
                                                          want) -> None:
    # Regression: mkstemp made every new export and the first .bak 0600, so
    # teammates on a shared drive could not read them.
    umask(mask)
    path = tmp_path / "team.ics"
    atomic_write(path, b"BEGIN:VCALENDAR\r\n")
    assert mode_of(path) == want


@posix_modes
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask, mode: int) -> None:
    umask(0o022)
    path = tmp_path / "team.ics"
    path.write_bytes(b"old")
    path.chmod(mode)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and mode_of(path) == mode


@posix_modes
def test_save_creates_plan_and_first_backup_readable_by_the_team(tmp_path: Path,
                                                                 umask) -> None:
    umask(0o002)  # a shared folder: the group may read and write
    pd = parse_plan(GOOD, regions=REGIONS)
    path = tmp_path / "team.toml"
    save_plan(pd, path)
    assert mode_of(path) == 0o664
    pd.update_entry("member", 1, {"email": "omar@example.com"})
    save_plan(pd)
    assert mode_of(backup_path(path)) == 0o664
    assert mode_of(path) == 0o664


@posix_modes
def test_the_first_backup_of_a_private_plan_stays_private(tmp_path: Path, umask) -> None:
    umask(0o022)
    path = tmp_path / "team.toml"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0o600)
    pd = load_plan(path, regions=REGIONS)
    pd.update_entry("member", 1, {"email": "omar@example.com"})
    save_plan(pd)
    assert mode_of(backup_path(path)) == 0o600
    assert mode_of(path) == 0o600
