"""What the export scoring properties share: the shipped bank's items, their exports, and random
responses clinquiz accepts with clinquiz's own score for them."""

from __future__ import annotations

import html
import io
import re
import zipfile
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from quizbank import models as m
from quizbank.interchange import export_items
from quizbank.loader import load_bank
from quizbank.scoring import score

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p2}"
Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def _items() -> tuple[m.Item, ...]:
    return tuple(load_bank().items.values())


@lru_cache(maxsize=4)
def _export(fmt: str) -> bytes:
    return export_items(list(_items()), fmt).data  # type: ignore[arg-type]


def _zip(fmt: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(_export(fmt))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _plain(text: str) -> str:
    """HTML of clinquiz's own export as text (the bank's texts are plain sentences)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text.replace("<br>", "\n")))


# -- responses clinquiz accepts -------------------------------------------------------------------


@st.composite
def responses(draw: st.DrawFn, item: m.Item) -> Any:
    if isinstance(item, m.SingleItem):
        return draw(st.sampled_from(item.option_ids))
    if isinstance(item, m.TrueFalseItem):
        return draw(st.booleans())
    if isinstance(item, (m.SelectAllItem, m.HighlightItem)):
        ids = [o.id for o in (item.segments if isinstance(item, m.HighlightItem) else item.options)]
        return draw(st.lists(st.sampled_from(ids), unique=True))
    if isinstance(item, m.SelectNItem):
        return draw(st.lists(st.sampled_from(item.option_ids), unique=True, max_size=item.n))
    if isinstance(item, m.MatrixItem):
        rows = draw(st.lists(st.sampled_from([r.id for r in item.rows]), unique=True))
        return {r: draw(st.sampled_from([c.id for c in item.columns])) for r in rows}
    if isinstance(item, (m.ClozeItem, m.RationaleItem)):
        blanks = draw(st.lists(st.sampled_from(item.blanks), unique_by=lambda b: b.id))
        return {b.id: draw(st.sampled_from(b.options)) for b in blanks}
    if isinstance(item, m.OrderingItem):
        return draw(st.permutations(item.option_ids))
    assert isinstance(item, m.BowtieItem)
    return {
        name: draw(
            st.lists(
                st.sampled_from([o.id for o in getattr(item, name).options]),
                unique=True,
                max_size=len(getattr(item, name).key),
            )
        )
        for name in ("condition", "actions", "parameters")
    }


def _clinquiz(item: m.Item, response: Any) -> float:
    return score(item, response).fraction
