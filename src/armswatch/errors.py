"""All armswatch exceptions and their messages, in one place (as spaCy keeps its ``Errors``).

Every message says what was wrong, the bad value, and how to fix it. Raise with a code and
the values the message needs::

    raise InputError("E101", path="a.txt", reason="not UTF-8")

Codes are grouped by stage: E0xx core/config, E1xx input, E2xx knowledge base, E3xx extraction,
E4xx store, E5xx ingest/fetch, E6xx stories, E7xx watch, E8xx batch, E9xx API/eval.
Stages add their codes to ``MESSAGES`` below, never inline strings.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    # core / config
    "E001": "Invalid setting {name}={value!r}: {reason}. Fix the ARMSWATCH_{name_upper} environment variable.",
    "E002": "Invalid date {value!r}: expected YYYY-MM-DD (e.g. 2024-02-27).",
    # input reading
    "E101": "{path}: cannot read: {reason}.",
    "E102": "{path}: is a directory; give the files inside it (or use `armswatch ingest`, which recurses).",
    "E103": "{path}: looks binary (NUL bytes), not text; give a .txt, .html or .jsonl file.",
    "E104": "{path}: is not valid UTF-8 (byte {offset}); convert it, e.g. `iconv -f latin1 -t utf-8`.",
    "E105": "{path}: is empty.",
    "E106": "{path}: is {size} bytes, over the {limit}-byte limit; split it or raise ARMSWATCH_MAX_DOC_BYTES.",
    "E107": "{path}:{line}: malformed JSONL: {reason}.",
    "E108": "{path}:{line}: JSONL object has no non-empty string 'text' field.",
    "E109": "{path}: unsupported file type {suffix!r}; use {supported}.",
    "E110": "{path}: no main text found in the HTML.",
    "E111": "{path}: does not exist.",
    # knowledge base
    "E201": "Knowledge-base file {path} is invalid: {reason}.",
    "E202": "Knowledge-base file {path} has schema_version {found}, this armswatch reads {expected}.",
    "E203": "Knowledge base: duplicate id {id!r} in {path}.",
    "E204": "Knowledge base: {path} refers to unknown party {code!r} (in {where}); add it to parties.yaml.",
    # extraction
    "E301": "The spaCy model {name!r} is not installed; run `make install` (it is pinned in requirements).",
    "E302": "spaCy model file {path} has sha256 {found}, expected {expected}: the model changed.",
    # store
    "E401": "Cannot open database {url}: {reason}. Check --db / ARMSWATCH_DATABASE_URL.",
    "E402": "Database {url} is not at the current schema revision; run `armswatch db upgrade`.",
    # eval
    "E901": "{path}:{line}: gold record invalid: {reason}.",
}


class ArmswatchError(Exception):
    """Root of every armswatch error. ``code`` is the key into :data:`MESSAGES`."""

    family = "armswatch"

    def __init__(self, code: str, **values: Any) -> None:
        self.code = code
        self.values = values
        template = MESSAGES.get(code, "{message}")
        try:
            text = template.format(**values)
        except (KeyError, IndexError):
            text = f"{template} {values!r}"
        super().__init__(f"[{code}] {text}")

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(ArmswatchError):
    family = "config"


class InputError(ArmswatchError):
    """A document or input file could not be read."""

    family = "input"


class KnowledgeBaseError(ArmswatchError):
    family = "kb"


class ExtractError(ArmswatchError):
    family = "extract"


class StoreError(ArmswatchError):
    family = "store"


class IngestError(ArmswatchError):
    family = "ingest"


class FetchError(IngestError):
    """A URL could not be fetched (refused, too large, timed out, bad status)."""


class StoryError(ArmswatchError):
    family = "stories"


class WatchError(ArmswatchError):
    family = "watch"


class BatchError(ArmswatchError):
    family = "batch"


class ApiError(ArmswatchError):
    family = "api"


class EvalError(ArmswatchError):
    family = "eval"
