"""Matrix: one column chosen per row; 0/1 per row. Rows shuffle; columns keep their order."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import FieldProblem, Id, Strict, Text, unique
from quizbank.items.base import ItemBase, Option, no_feedback, no_parts, no_solved_order, same_label
from quizbank.items.kind import NO_ANSWER, AnswerWords, CountChoice, ItemType
from quizbank.items.points import InvalidResponse, Part, Score, mapping


class MatrixRow(Strict):
    """One row of a matrix item."""

    id: Id
    text: Text
    feedback: Text | None = None


class MatrixItem(ItemBase):
    """Matrix: one column chosen per row; 0/1 per row."""

    type: Literal["matrix"]
    rows: Annotated[list[MatrixRow], Field(min_length=2, max_length=12)]
    columns: Annotated[list[Option], Field(min_length=2, max_length=6)]
    key: dict[Id, Id]

    @model_validator(mode="after")
    def _key_covers_rows(self) -> MatrixItem:
        row_ids = [r.id for r in self.rows]
        col_ids = [c.id for c in self.columns]
        unique(row_ids, "row id", ("rows",))
        unique(col_ids, "column id", ("columns",))
        for row in row_ids:
            if row not in self.key:
                raise FieldProblem(f"the key gives no column for row '{row}'", ("key",))
        for row, column in self.key.items():
            if row not in row_ids:
                raise FieldProblem(f"the key names row '{row}', which is not among the rows", ("key", row))
            if column not in col_ids:
                raise FieldProblem(
                    f"the key gives column '{column}', which is not among the columns ({', '.join(col_ids)})",
                    ("key", row),
                )
        return self


def _score(item: MatrixItem, response: Any) -> Score:
    chosen = mapping(response, "rows")
    columns = {c.id for c in item.columns}
    rows = [r.id for r in item.rows]
    for row, column in chosen.items():
        if row not in rows:
            raise InvalidResponse(f"unknown row {row!r}")
        if column not in columns:
            raise InvalidResponse(f"unknown column {column!r}")
    parts = tuple(Part(r, float(chosen.get(r) == item.key[r]), 1.0, chosen.get(r) == item.key[r]) for r in rows)
    return Score(sum(p.points for p in parts), float(len(rows)), parts)


def _row_lines(item: MatrixItem, chosen: dict[str, str]) -> tuple[str, ...]:
    columns = {c.id: c.text for c in item.columns}
    return tuple(f"{r.text}: {columns[chosen[r.id]]}" for r in item.rows if r.id in chosen)


def _review_lines(item: MatrixItem, response: Any) -> tuple[str, ...]:
    columns = {c.id: c.text for c in item.columns}
    return tuple(f"{r.text}: {columns[response[r.id]] if r.id in response else NO_ANSWER}" for r in item.rows)


def _count_choices(item: MatrixItem) -> list[CountChoice]:
    columns = {c.id: c.text for c in item.columns}
    return [(f"{r.id}={c}", f"{r.text}: {columns[c]}", item.key[r.id] == c) for r in item.rows for c in columns]


TYPE = ItemType[MatrixItem](
    name="matrix",
    model=MatrixItem,
    score=_score,
    max_points=lambda item: float(len(item.rows)),
    key_text=lambda item: _row_lines(item, item.key),
    response_text=_row_lines,
    chosen_feedback=no_feedback,
    choices=lambda item: [(r.id, False) for r in item.rows],
    order_rule="seeded",
    parts=no_parts,
    part_noun="part",
    solved_order=no_solved_order,
    key_response=lambda item: dict(item.key),
    words=AnswerWords[MatrixItem](
        review_lines=_review_lines,
        key_lines=lambda item: _row_lines(item, item.key),
        option_label=same_label,
        count_choices=_count_choices,
    ),
)
