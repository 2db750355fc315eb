"""Hostile input: DTDs, entity bombs, external entities, broken XML, hostile zips; nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from quizbank.errors import BankError
from quizbank.interchange import import_file, safexml, safezip
from quizbank.interchange.yamlout import write_atomic

QUESTION = (
    '<question type="truefalse"><name><text>T</text></name><questiontext format="html"><text>{text}</text>'
    '</questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text>'
    "</answer></question>"
)
_LEVELS = "".join(f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">\n' for i in range(1, 10))
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n <!ENTITY lol0 "lol">\n'
    + _LEVELS
    + "]>\n<quiz>"
    + QUESTION.format(text="&lol9;")
    + "</quiz>\n"
)
BAD_FRACTION = QUESTION.replace('fraction="100"', 'fraction="lots"').format(text="x")


def _refused(tmp_path: Path, content: str | bytes, *, fmt: str = "moodle-xml") -> BankError:
    source = tmp_path / "hostile.xml"
    source.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = tmp_path / "out.yaml"
    with pytest.raises(BankError) as caught:
        import_file(source, fmt, out)  # type: ignore[arg-type]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left either
    return caught.value


def test_billion_laughs_is_refused_before_expansion(tmp_path: Path) -> None:
    error = _refused(tmp_path, BILLION_LAUGHS)
    (problem,) = error.problems
    assert (problem.line, problem.column) == (2, 1)
    assert "document type declaration" in problem.message and "refused" in problem.message


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xxe = f'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{secret}">]>\n<quiz>{QUESTION.format(text="&x;")}</quiz>'
    source = tmp_path / "x.xml"
    source.write_text(xxe, encoding="utf-8")
    with pytest.raises(BankError) as caught:
        import_file(source, "moodle-xml", tmp_path / "out.yaml")
    assert "TOP SECRET" not in str(caught.value)
    assert caught.value.problems[0].line == 2
    assert not (tmp_path / "out.yaml").exists()


def test_parameter_entity_and_network_dtd_are_refused(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "http://example.invalid/evil.dtd">\n<quiz/>'
    error = _refused(tmp_path, text)
    assert error.problems[0].line == 2 and "document type declaration" in error.problems[0].message


def test_doctype_text_inside_cdata_is_only_text(tmp_path: Path) -> None:
    source = tmp_path / "cdata.xml"
    source.write_text(
        f"<quiz>{QUESTION.format(text='<![CDATA[Is <!DOCTYPE html> needed?]]>')}</quiz>", encoding="utf-8"
    )
    (item,) = import_file(source, "moodle-xml").items
    assert item.stem == "Is needed?"  # the tag-like text is HTML to strip, not a declaration


def test_undefined_entity_names_the_place(tmp_path: Path) -> None:
    error = _refused(tmp_path, f"<quiz>\n{QUESTION.format(text='&nbsp;')}</quiz>")
    (problem,) = error.problems
    assert problem.line == 2 and problem.column > 1
    assert "not well-formed XML" in problem.message and "nbsp" in problem.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<quiz><question type='truefalse'>", "not well-formed XML"),
        ("<html><body/></html>", "expected a Moodle XML file, whose root is <quiz>; found <html>"),
        ("<quiz><item/></quiz>", "expected <question>, found <item>"),
        ("<quiz><question type='truefalse'><name><text>x</text></name></question></quiz>", "has no <questiontext>"),
        (f"<quiz>{BAD_FRACTION}</quiz>", "fraction 'lots' is not a number"),
        ("not xml at all", "not well-formed XML"),
    ],
)
def test_broken_moodle_xml(tmp_path: Path, content: str, message: str) -> None:
    error = _refused(tmp_path, content)
    assert any(message in p.message for p in error.problems)
    assert all(p.line >= 1 and p.column >= 1 for p in error.problems)


def test_utf16_and_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = _refused(tmp_path, "<quiz/>".encode("utf-16"))
    assert "UTF-16" in error.problems[0].message
    (tmp_path / "hostile.xml").unlink()
    monkeypatch.setattr("quizbank.interchange.importer.MAX_XML_BYTES", 100)
    error = _refused(tmp_path, "<quiz>" + " " * 200 + "</quiz>")
    assert "at most 100 bytes" in error.problems[0].message


def test_huge_text_node_is_refused() -> None:
    raw = (
        b"<quiz><question type='essay'><questiontext><text>"
        + b"x" * 11_000_000
        + b"</text></questiontext></question></quiz>"
    )
    with pytest.raises(BankError, match="not well-formed XML"):
        safexml.parse_xml(raw, "huge.xml")


def _zip(tmp_path: Path, members: dict[str, bytes], name: str = "p.zip") -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../evil.xml", "climbs out of the package"),
        ("items/../../evil.xml", "climbs out of the package"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/evil.xml", "Windows path"),
        ("items\\evil.xml", "Windows path"),
    ],
)
def test_zip_path_traversal_is_refused(tmp_path: Path, member: str, message: str) -> None:
    path = _zip(tmp_path, {"imsmanifest.xml": b"<manifest/>", member: b"x"})
    with pytest.raises(BankError) as caught:
        safezip.read_members(path)
    assert message in caught.value.problems[0].message and str(path) == caught.value.problems[0].file


def test_zip_bombs_and_too_many_members_are_refused(tmp_path: Path) -> None:
    bomb = _zip(tmp_path, {"big.xml": b"\0" * 5_000_000}, "bomb.zip")
    assert bomb.stat().st_size < 50_000
    with pytest.raises(BankError, match="too large"):
        safezip.read_members(bomb, max_member_bytes=1_000_000)
    many = _zip(tmp_path, {f"m{i}.xml": b"x" for i in range(30)}, "many.zip")
    with pytest.raises(BankError, match="30 members; at most 10"):
        safezip.read_members(many, max_members=10)
    total = _zip(tmp_path, {f"m{i}.xml": b"y" * 1000 for i in range(5)}, "total.zip")
    with pytest.raises(BankError, match="more than 3,000 bytes uncompressed"):
        safezip.read_members(total, max_total_bytes=3000)
    with pytest.raises(BankError, match="not a readable zip file"):
        notzip = tmp_path / "not.zip"
        notzip.write_bytes(b"PK no really")
        safezip.read_members(notzip)


def test_zip_member_lying_about_its_size_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"a.xml": b"z" * 100_000})
    raw = bytearray(path.read_bytes())
    # make the central directory claim 10 bytes uncompressed: the reader still counts what it reads
    directory = raw.rfind(b"PK\x01\x02")
    raw[directory + 24 : directory + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with pytest.raises(BankError) as caught:
        safezip.read_members(path, max_member_bytes=1000)
    assert "a.xml" in caught.value.problems[0].message


def test_write_atomic_refuses_missing_folder_and_leaves_no_part_file(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="does not exist; nothing was written"):
        write_atomic(tmp_path / "nowhere" / "out.yaml", b"x")
    target = tmp_path / "out.yaml"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    with pytest.raises(BankError, match="is a folder"):
        write_atomic(tmp_path, b"x")
