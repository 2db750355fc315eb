"""The JSON Schema of a bank file, generated from the models, for editors' autocomplete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizbank.bankfile import BankFile

SCHEMA_PATH = Path(__file__).parent / "schema" / "bank.schema.json"


def bank_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for one YAML bank file."""
    schema = BankFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "clinquiz bank file"
    return schema
