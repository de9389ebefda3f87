"""Plan files: every problem reported with file, line, field and a fix; saves keep comments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.errors import PlanFileError, Problem
from planner.planfile import load_plan, parse_plan, save_plan
from resources import DEMO_PLAN
from tests.builders import REGIONS

GOOD = """\
version = 1
name = "Team"   # trailing comment
reference_zone = "Europe/Berlin"

# sites first
[[site]]
id = "blr"
zone = "Asia/Kolkata"
country = "IN"
hours = "09:30-18:30"

[[member]]
name = "Priya"
site = "blr"
time_off = ["2026-12-24", "2026-12-28..2027-01-01"]

[[member]]
name = "Omar"
zone = "Asia/Riyadh"
country = "SA"

[[member]]
name = "Tomás"
zone = "America/Santiago"
hours = { mon = "09:00-13:00, 14:00-18:00", fri = "09:00-14:00" }
required = false
"""


def parse(text: str, path: str = "team.toml"):
    return parse_plan(text, path=path, regions=REGIONS)


def problems(text: str) -> list[Problem]:
    with pytest.raises(PlanFileError) as e:
        parse(text)
    return list(e.value.problems)


def test_good_plan_resolves_inheritance_and_defaults():
    pd = parse(GOOD)
    priya, omar, tomas = pd.plan.members
    assert priya.zone == "Asia/Kolkata" and str(priya.hours.on(0)[0]) == "09:30-18:30"
    assert priya.hours.on(5) == () and len(priya.time_off) == 2
    assert omar.weekend == frozenset({4, 5})  # the country's weekend: Friday-Saturday
    assert omar.hours.on(4) == () and omar.hours.on(6) != ()
    assert tomas.hours.on(1) == () and len(tomas.hours.on(0)) == 2 and not tomas.required
    assert pd.warnings == ()


def test_unchanged_save_gives_the_same_bytes(tmp_path: Path):
    src = tmp_path / "team.toml"
    src.write_text(GOOD, encoding="utf-8")
    pd = load_plan(src, regions=REGIONS)
    save_plan(pd)
    assert src.read_text(encoding="utf-8") == GOOD


def test_demo_plan_round_trips_byte_for_byte(tmp_path: Path):
    pd = parse(DEMO_PLAN.read_text(encoding="utf-8").replace('country = "NP"\n', "")
               .replace('country = "AU"\nsubdivision = "NSW"\n', "")
               .replace('country = "CL"\n', "").replace('country = "AE"\n', ""))
    out = tmp_path / "demo.toml"
    save_plan(pd, out)
    assert out.read_text(encoding="utf-8") == pd.dumps()
    assert len(pd.plan.members) == 9


def test_edit_keeps_comments_and_order():
    pd = parse(GOOD)
    pd.update_entry("member", 1, {"hours": "08:00-16:00", "email": "omar@example.com"})
    text = pd.dumps()
    assert "# trailing comment" in text and "# sites first" in text
    assert text.index('name = "Priya"') < text.index('name = "Omar"') < text.index("Tomás")
    assert pd.plan.member("Omar").email == "omar@example.com"
    assert parse(text).plan == pd.plan


def test_invalid_edit_leaves_document_untouched():
    pd = parse(GOOD)
    before = pd.dumps()
    with pytest.raises(PlanFileError, match="unknown zone"):
        pd.update_entry("member", 0, {"zone": "Asia/Bangalore"})
    assert pd.dumps() == before


def test_add_and_remove_member():
    pd = parse(GOOD)
    pd.add_entry("member", {"name": "Ana", "zone": "Europe/Lisbon"})
    assert pd.plan.members[-1].name == "Ana"
    pd.remove_entry("member", 0)
    assert [m.name for m in pd.plan.members] == ["Omar", "Tomás", "Ana"]


def test_an_added_entry_is_set_apart_by_blank_lines():
    pd = parse(GOOD + "\n[costs]\nnight = 12\n")
    pd.add_entry("member", {"name": "Ana", "zone": "Europe/Lisbon"})
    assert '\n\n[[member]]\nname = "Ana"\nzone = "Europe/Lisbon"\n\n[costs]' in pd.dumps()
    pd = parse('version = 1\nname = "x"\nreference_zone = "UTC"\n')
    pd.add_entry("member", {"name": "Ana", "zone": "Europe/Lisbon"})
    assert pd.dumps().endswith('"UTC"\n\n[[member]]\nname = "Ana"\nzone = "Europe/Lisbon"\n')


def test_all_problems_reported_together_with_lines_and_fixes():
    bad = GOOD.replace('zone = "Asia/Riyadh"', 'zone = "Asia/Riyad"') \
        .replace('"2026-12-24"', '"2026-02-30"') \
        .replace('hours = "09:30-18:30"', 'hours = "9.30-18.30"') \
        .replace('country = "SA"', 'country = "SX"')
    ps = problems(bad)
    by_field = {p.field: p for p in ps}
    lines = bad.splitlines()
    zone = by_field['member "Omar".zone']
    assert 'unknown zone "Asia/Riyad"' in zone.reason and "Asia/Riyadh" in zone.suggestion
    assert "Asia/Riyad" in lines[zone.line - 1]
    t = by_field['member "Priya".time_off']
    assert "2026-02-30" in t.reason and "time_off" in lines[t.line - 1]
    h = by_field['site "blr".hours']
    assert "9.30" in h.reason and lines[h.line - 1].startswith("hours")
    c = by_field['member "Omar".country']
    assert 'unknown country "SX"' in c.reason
    assert all(p.path == "team.toml" for p in ps)
    assert "team.toml:" in str(zone) and "did you mean" in str(zone)


@pytest.mark.parametrize("mutation, field, words", [
    (("version = 1", "version = 2"), "version", "newer Overlap"),
    (("version = 1\n", ""), "version", "version is missing"),
    (('name = "Priya"\n', ""), "member #1.name", "name is missing"),
    (('site = "blr"', 'site = "bl"'), 'member "Priya".site', 'no site with id "bl"'),
    (('zone = "Asia/Riyadh"', 'zone = "UTC+3"'), 'member "Omar".zone', "fixed UTC offset"),
    (('required = false', 'required = "no"'), 'member "Tomás".required', "true or false"),
    (('fri = "09:00-14:00"', 'fry = "09:00-14:00"'), 'member "Tomás".hours', '"fry" is not'),
    (('fri = "09:00-14:00"', 'fri = "09:00-25:00"'), 'member "Tomás".hours', "not a time"),
    (('name = "Omar"', 'name = "Priya"'), 'member "Priya".name', "two members"),
    (('reference_zone = "Europe/Berlin"', 'reference_zone = "Europe/Berln"'),
     "reference_zone", "unknown zone"),
    (('country = "SA"', 'country = "SA"\nweekend = ["fri", "sab"]'), 'member "Omar".weekend',
     '"sab" is not a day'),
    (('country = "SA"', 'country = "SA"\nemail = "omar-at-example"'), 'member "Omar".email',
     "not an e-mail"),
    (('country = "IN"', 'country = "IN"\nsubdivision = "XX"'), 'site "blr".subdivision',
     'unknown subdivision "XX"'),
    (('name = "Team"', 'name = "Team"\norganizer = "Lena <lena>"'), "organizer",
     "not an e-mail"),
])
def test_each_kind_of_mistake(mutation, field, words):
    old, new = mutation
    assert old in GOOD
    ps = problems(GOOD.replace(old, new, 1))
    hits = [p for p in ps if p.field == field]
    assert hits, [str(p) for p in ps]
    assert words in str(hits[0])


def test_newer_version_is_refused_without_touching_the_file(tmp_path: Path):
    src = tmp_path / "future.toml"
    src.write_text(GOOD.replace("version = 1", "version = 7"), encoding="utf-8")
    before = src.read_bytes()
    with pytest.raises(PlanFileError, match="newer Overlap"):
        load_plan(src, regions=REGIONS)
    assert src.read_bytes() == before


def test_syntax_error_names_the_line():
    ps = problems(GOOD.replace('name = "Omar"', 'name = "Omar'))
    assert len(ps) == 1 and ps[0].line == GOOD.splitlines().index('name = "Omar"') + 1
    assert ps[0].reason == "the text in quotes is not closed on this line"


def test_unknown_keys_are_reported_and_kept(tmp_path: Path):
    text = GOOD.replace('name = "Omar"', 'name = "Omar"\ncolour = "teal"')
    pd = parse(text)
    [w] = pd.warnings
    assert w.severity == "warning" and "colour" in w.reason and w.line is not None
    pd.update_entry("member", 1, {"email": "o@example.com"})
    assert 'colour = "teal"' in pd.dumps()


def test_not_utf8_and_missing_file(tmp_path: Path):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(GOOD.replace("Tomás", "Tom\xe1s").encode("latin-1"))
    with pytest.raises(PlanFileError, match="not UTF-8"):
        load_plan(bad, regions=REGIONS)
    with pytest.raises(PlanFileError, match="file not found"):
        load_plan(tmp_path / "nope.toml", regions=REGIONS)


def test_save_is_atomic_and_keeps_permissions(tmp_path: Path, monkeypatch):
    src = tmp_path / "team.toml"
    src.write_text(GOOD, encoding="utf-8")
    os.chmod(src, 0o640)
    pd = load_plan(src, regions=REGIONS)
    pd.update_entry("member", 0, {"email": "p@example.com"})

    # A failure mid-write (disk full) leaves the old file whole and no temporary behind.
    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(PlanFileError, match="No space left"):
        save_plan(pd)
    assert src.read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.toml"]
    monkeypatch.undo()
    save_plan(pd)
    assert "p@example.com" in src.read_text(encoding="utf-8")
    assert (src.stat().st_mode & 0o777) == 0o640


def test_duplicate_key_is_an_input_error_with_its_line():
    # Found by the fuzzer: tomlkit raises KeyAlreadyPresent, not ParseError.
    text = GOOD.replace('name = "Omar"', 'name = "Omar"\nname = "Omar B"')
    [p] = problems(text)
    assert p.reason == "“name” is given twice in the same table"
    assert text.splitlines()[p.line - 1] == 'name = "Omar B"'


# --- reading with tomllib, editing with tomlkit ------------------------------------------

EXPORT = {"uid": "u-1", "what": "series", "group": "u-1", "sequence": 0, "digest": "abc"}


def _edited(pd, edits):
    for method, *args in edits:
        getattr(pd, method)(*args)
    return pd


@pytest.mark.parametrize("edits", [
    [("add_entry", "exports", EXPORT)],
    [("add_entry", "exports", EXPORT), ("add_entry", "exports", {**EXPORT, "uid": "u-2"}),
     ("update_entry", "exports", 0, {"sequence": 1, "digest": "def"})],
    [("update_table", "meeting_record", {"weekly": ["2026-03-02 09:00 UTC"]})],
    [("add_entry", "exports", EXPORT), ("update_table", "meeting_record", {"w": ["x"]}),
     ("add_entry", "exports", {**EXPORT, "uid": "u-3"})],
])
def test_owned_tables_edited_in_the_text_equal_the_tomlkit_edit(edits):
    # Appending the program's own tables edits only the end of the text (a plan of
    # 20,000 members takes seconds to become a tomlkit document); the result must be
    # what editing the whole document gives, comments of the plan included.
    fast = _edited(parse(GOOD), edits)
    whole = parse(GOOD)
    whole.doc  # noqa: B018 - build the tomlkit document first: the old, slow path
    _edited(whole, edits)
    assert parse(fast.dumps()).data == parse(whole.dumps()).data == fast.data == whole.data
    assert fast.dumps().startswith(GOOD.rstrip("\n"))
    assert "# sites first" in fast.dumps() and fast.plan == whole.plan == parse(GOOD).plan


def test_owned_table_in_the_middle_is_edited_through_the_whole_document():
    text = GOOD.replace("# sites first", '[[exports]]\nuid = "u-0"\nsequence = 0\n'
                        'digest = "x"\n\n# sites first')
    pd = parse(text)
    pd.add_entry("exports", EXPORT)
    assert [e["uid"] for e in pd.data["exports"]] == ["u-0", "u-1"]
    assert parse(pd.dumps()).data == pd.data


def test_remembering_an_export_never_parses_the_whole_plan_with_tomlkit(tmp_path: Path,
                                                                     monkeypatch):
    import tomlkit

    parsed: list[str] = []
    real = tomlkit.parse
    monkeypatch.setattr(tomlkit, "parse", lambda text: parsed.append(text) or real(text))
    path = tmp_path / "team.toml"
    path.write_text(GOOD, encoding="utf-8")
    pd = load_plan(path, regions=REGIONS)
    pd.add_entry("exports", EXPORT)
    pd.update_entry("exports", 0, {"sequence": 1})
    save_plan(pd)
    assert parsed and all("[[member]]" not in text for text in parsed)
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith(GOOD.rstrip("\n")) and '[[exports]]\nuid = "u-1"' in saved
    assert load_plan(path, regions=REGIONS).data["exports"] == [{**EXPORT, "sequence": 1}]
