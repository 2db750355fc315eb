"""The JSON Schema matches the models; the source documents are the originals, byte for byte."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.support.banks import VALID_BANK

from quizbank.errors import BankError
from quizbank.schema import SCHEMA_PATH, bank_json_schema
from quizbank.sources import SOURCES_DIR, load_sources, normalise

# SHA-256 of the documents as given to the project (/work/shared/sources/000_... and 001_...).
ORIGINALS = {
    "ebsco-anakinra.txt": "c05b482a2d76e746680d785e34143465d69599a39aa2646d05c7bc20fe6ac0bf",
    "medlineplus-anakinra.txt": "72ab77c0e9bed900da7ad47061c1f2ca44f3e254c9f516e06583086ac3524cc0",
}
SHARED = Path("/work/shared/sources")


# -- schema -----------------------------------------------------------------------------


def test_the_schema_file_is_what_the_models_generate():
    regenerated = json.dumps(bank_json_schema(), indent=2) + "\n"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == regenerated, (
        "quizbank/schema/bank.schema.json is stale: run `make schema` "
        "(quizbank schema -o quizbank/schema/bank.schema.json)"
    )


def test_the_schema_accepts_a_valid_bank_and_rejects_what_the_models_reject():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    data = yaml.safe_load(VALID_BANK)
    jsonschema.validate(data, schema)
    for broken in (
        {**data, "author": "someone"},  # unknown top-level field
        {**data, "schema_version": 2},
        {**data, "items": [{**data["items"][0], "rationel": "x"}]},  # unknown item field
        {**data, "items": [{**data["items"][0], "type": "multiple"}]},
        {**data, "items": [{**data["items"][1], "key": "yes"}]},  # true_false key must be a boolean
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


# -- sources ----------------------------------------------------------------------------


def test_the_documents_are_the_originals_byte_for_byte():
    manifest = yaml.safe_load((SOURCES_DIR / "sources.yaml").read_text(encoding="utf-8"))
    declared = {entry["file"]: entry["sha256"] for entry in manifest["sources"]}
    assert declared == ORIGINALS
    for name, digest in ORIGINALS.items():
        assert hashlib.sha256((SOURCES_DIR / name).read_bytes()).hexdigest() == digest, name
    if SHARED.is_dir():  # where the originals are at hand, compare the bytes themselves too
        originals = {
            "ebsco-anakinra.txt": "000_b9c9c9dc8b551703.txt",
            "medlineplus-anakinra.txt": "001_eb7d50a93ad18b04.txt",
        }
        for ours, theirs in originals.items():
            assert (SOURCES_DIR / ours).read_bytes() == (SHARED / theirs).read_bytes()


def test_a_changed_document_is_refused(tmp_path: Path):
    copy = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, copy)
    text = copy / "ebsco-anakinra.txt"
    text.chmod(0o644)
    text.write_bytes(text.read_bytes().replace(b"once a day", b"twice a day"))
    with pytest.raises(BankError) as info:
        load_sources(copy)
    (problem,) = info.value.problems
    assert "source 'ebsco-anakinra': ebsco-anakinra.txt is not the original document" in problem.message


def test_a_missing_document_is_a_problem_not_a_traceback(tmp_path: Path):
    copy = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, copy)
    (copy / "medlineplus-anakinra.txt").unlink()
    with pytest.raises(BankError, match="source 'medlineplus-anakinra': cannot read medlineplus-anakinra.txt"):
        load_sources(copy)


def test_normalise_folds_case_space_bullets_and_typographic_quotes():
    assert (
        normalise("  The  Manufacturer\u2019s\n\u2022 \u201cInfo\u201d\u00a0\u2013 here ")
        == 'the manufacturer\'s "info" - here'
    )


def test_quotes_match_despite_curly_apostrophes_and_line_breaks(sources):
    medline = sources["medlineplus-anakinra"]
    assert medline.find("read the manufacturer's information for the patient")
    assert medline.find("read the manufacturer\u2019s information for the patient")
    assert medline.find("Keep all appointments with your doctor\n   and the laboratory.")
    assert medline.find("REDNESS, SWELLING, BRUISING, OR PAIN AT THE SITE OF INJECTION")
    assert medline.find("\u2022 headache \u2022 nausea")  # bullets are folded into spaces
    assert not medline.find("inject anakinra twice a day")
    assert not medline.find("")


def test_documents_are_split_into_sections_and_passages(sources):
    ebsco, medline = sources["ebsco-anakinra"], sources["medlineplus-anakinra"]
    assert [s.id for s in ebsco.sections][:3] == ["indication", "mechanism", "onset"]
    assert [s.id for s in ebsco.sections if not s.quizzable] == ["references"]
    assert len(medline.sections) == 18
    for document in (ebsco, medline):
        for passage in document.passages:
            # every passage is where it says it is in the normalised text
            assert document.normalised[passage.start : passage.end] == normalise(passage.text)
        texts = [p.text for p in document.passages]
        assert not any(t.endswith(":") for t in texts)  # lead-ins are not passages
    mechanism = [p.text for p in ebsco.passages if p.section == "mechanism"]
    assert mechanism == [
        "Anakinra blocks the action of the protein interleukin-1 (IL-1).",
        "IL-1 is produced in excessive amounts in people with RA.",
        "High levels of IL-1 contribute to the joint pain, swelling, and stiffness of RA.",
        "By blocking IL-1, anakinra can help reduce these symptoms.",
    ]
    assert "How Does Anakinra Work?" not in [p.text for p in ebsco.passages]  # headings are not passages


def test_a_broken_manifest_is_located(tmp_path: Path):
    copy = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, copy)
    manifest = copy / "sources.yaml"
    manifest.chmod(0o644)
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("    publisher:", "    publsher:", 1), encoding="utf-8"
    )
    with pytest.raises(BankError) as info:
        load_sources(copy)
    assert {p.field for p in info.value.problems} == {"sources[0].publisher", "sources[0].publsher"}
    assert all(p.file == str(manifest) and p.line > 0 for p in info.value.problems)
