"""The coverage report (which passages no item cites) and the bank's counts."""

from __future__ import annotations

from pathlib import Path

from tests.support.banks import HEAD, ITEMS, write

from quizbank.coverage import coverage
from quizbank.loader import load_bank
from quizbank.stats import bank_stats


def bank_citing(tmp_path: Path, *quotes: tuple[str, str]):
    citations = "".join(f'      - {{source: {source}, quote: "{quote}"}}\n' for source, quote in quotes)
    item = ITEMS["single"].split("    citations:\n")[0] + "    citations:\n" + citations
    return load_bank([write(tmp_path, "b.yaml", HEAD + item)])


def section(report, source: str, section_id: str):
    return next(s for s in report if (s.source, s.section) == (source, section_id))


def test_one_entry_per_section_in_document_order(small_bank):
    report = coverage(small_bank)
    assert [(s.source, s.section) for s in report][:2] == [
        ("ebsco-anakinra", "indication"),
        ("ebsco-anakinra", "mechanism"),
    ]
    assert len(report) == sum(len(d.sections) for d in small_bank.sources.values())
    assert {(s.source, s.section) for s in report if not s.quizzable} == {
        ("ebsco-anakinra", "references"),
        ("medlineplus-anakinra", "attribution"),
    }
    for entry in report:
        document = small_bank.sources[entry.source]
        passages = [p for p in document.passages if p.section == entry.section]
        assert entry.cited + len(entry.uncited) == len(passages)
        assert entry.covered == (entry.cited > 0 or not entry.quizzable)


def test_the_cited_passages_of_the_small_bank(small_bank):
    report = coverage(small_bank)
    mechanism = section(report, "ebsco-anakinra", "mechanism")
    assert mechanism.cited == 1 and mechanism.covered
    assert [p.text for p in mechanism.uncited] == [
        "IL-1 is produced in excessive amounts in people with RA.",
        "High levels of IL-1 contribute to the joint pain, swelling, and stiffness of RA.",
        "By blocking IL-1, anakinra can help reduce these symptoms.",
    ]
    assert not section(report, "ebsco-anakinra", "indication").covered
    assert section(report, "ebsco-anakinra", "references").covered  # not quizzable: never a gap
    assert section(report, "medlineplus-anakinra", "injection-sites").cited == 1


def test_a_quote_across_two_passages_cites_both(tmp_path: Path):
    bank = bank_citing(
        tmp_path,
        (
            "ebsco-anakinra",
            "IL-1 is produced in excessive amounts in people with RA. High levels of IL-1 contribute to the joint pain",
        ),
    )
    mechanism = section(coverage(bank), "ebsco-anakinra", "mechanism")
    assert mechanism.cited == 2


def test_a_short_quote_inside_a_long_passage_cites_it(tmp_path: Path):
    # 17 characters, fewer than the 20 a quote must share with a passage it only runs into.
    bank = bank_citing(tmp_path, ("ebsco-anakinra", "blocks the action"))
    mechanism = section(coverage(bank), "ebsco-anakinra", "mechanism")
    assert mechanism.cited == 1
    assert "Anakinra blocks the action of the protein interleukin-1 (IL-1)." not in [p.text for p in mechanism.uncited]


def test_a_quote_that_just_touches_the_next_passage_does_not_cite_it(tmp_path: Path):
    bank = bank_citing(
        tmp_path, ("ebsco-anakinra", "Anakinra blocks the action of the protein interleukin-1 (IL-1). IL-1 is")
    )
    mechanism = section(coverage(bank), "ebsco-anakinra", "mechanism")
    assert mechanism.cited == 1


def test_a_bullet_passage_is_cited_by_a_quote_of_the_bullet(tmp_path: Path):
    bank = bank_citing(tmp_path, ("ebsco-anakinra", "Have a latex allergy"))
    entry = section(coverage(bank), "ebsco-anakinra", "who-should-not-take")
    assert entry.cited == 1
    assert "Have a latex allergy" not in [p.text for p in entry.uncited]


def test_stats_count_items_by_each_facet(small_bank):
    stats = bank_stats(small_bank)
    assert set(stats) == {"type", "objective", "topic", "judgment step", "audience", "difficulty", "source"}
    assert sum(stats["type"].values()) == 10 and set(stats["type"].values()) == {1}
    assert stats["objective"] == {"basics": 10}
    assert stats["audience"] == {"both": 5, "nursing": 5}
    assert stats["difficulty"] == {"easy": 4, "medium": 5, "hard": 1}
    assert stats["source"] == {"ebsco-anakinra": 3, "medlineplus-anakinra": 7}
    assert stats["judgment step"] == {"(none)": 10}
    assert stats["topic"]["side-effects"] == 2
