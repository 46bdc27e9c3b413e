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
    "E106": "{path}: is {size} bytes, over the {limit}-byte limit; "
    "split it or raise ARMSWATCH_MAX_DOC_BYTES.",
    "E107": "{path}:{line}: malformed JSONL: {reason}.",
    "E108": "{path}:{line}: JSONL object has no non-empty string 'text' field.",
    "E109": "{path}: unsupported file type {suffix!r}; use {supported}.",
    "E110": "{path}: no main text found in the HTML.",
    "E111": "{path}: does not exist.",
    "E112": "{path}: extraction failed ({error}); the other inputs went on. "
    "Please report it with this input.",
    # knowledge base
    "E201": "Knowledge-base file {path} is invalid: {reason}.",
    "E202": "Knowledge-base file {path} has schema_version {found}, this armswatch reads {expected}.",
    "E203": "Knowledge base: duplicate id {id!r} in {path}.",
    "E204": "Knowledge base: {path} refers to unknown party {party!r} (in {where}); add it to parties.yaml.",
    "E205": "Knowledge base: {path}: the surface form {form!r} names both {first!r} and {second!r}; "
    "drop it from one of them (or from both if it is ambiguous).",
    "E206": "Knowledge base: {path}: {where} lists {form!r} under case_sensitive, "
    "but it is not one of its surface forms.",
    # extraction
    "E301": "The spaCy model {name!r} is not installed; run `make install` (it is pinned in requirements).",
    "E302": "spaCy model file {path} has sha256 {found}, expected {expected}: the model changed.",
    "E303": "armswatch spaCy component used on a pipeline not built by armswatch.extract.pipeline.build_pipeline.",
    "E304": "spaCy model {name!r}: weight file {path} is missing; reinstall the pinned model package.",
    # store
    "E401": "Cannot open database {url}: {reason}. Check --db / ARMSWATCH_DATABASE_URL.",
    "E402": "Database {url} is not at the current schema revision; run `armswatch db upgrade`.",
    "E403": "Database {url}: write failed: {reason}. Nothing of this batch was stored; re-run the same command.",
    "E404": "Database {url}: migration failed: {reason}.",
    # watch
    "E701": "{path}: watch config is invalid: {reason}. See examples/watch.toml.",
    "E702": "Invalid duration {value!r}: use a number with a unit, e.g. 30s, 5m, 1h.",
    "E703": "Invalid watch pair {value!r}: use SUPPLIER:RECIPIENT with party codes or *, e.g. PRK:RUS or *:UKR.",
    "E704": "Sink {sink!r} failed to deliver alert {alert_id}: {reason}.",
    "E705": "Watch source {source!r} failed: {reason}.",
    "E706": "Invalid minimum status {value!r}: use one of {allowed}.",
    "E707": "Unknown sink {sink!r} in rule {rule!r}: define it under [[sinks]] or drop it from the rule.",
    "E708": "Nothing to watch: give SOURCE arguments or a --config file with [[sources]].",
    # api / web (E92x)
    "E920": "No {kind} with id {id!r}; list them at /api/v1/{plural}.",
    "E921": "Write endpoints are disabled: no API token is configured. Set ARMSWATCH_API_TOKEN and restart "
    "`armswatch serve`.",
    "E922": "Missing bearer token: send the header 'Authorization: Bearer <token>' (the value of "
    "ARMSWATCH_API_TOKEN).",
    "E923": "Wrong bearer token: it does not match the server's ARMSWATCH_API_TOKEN.",
    "E924": "Invalid request: {reason}.",
    "E925": "Give exactly one of 'text' or 'url' in the request body (got {got}).",
    "E926": "Internal server error ({kind}); the server log has the details.",
    "E927": "Invalid value {value!r} for {name}: {reason}.",
    "E928": "Cannot fetch {url}: {reason}.",
    "E929": "Cannot serve on {host}:{port}: {reason}. Pick another --port or stop the process using it.",
    "E930": "Not found: {path} (the API lives under /api/v1; the docs at /docs).",
    # batch
    "E801": "{path}: no input file matched; give .jsonl, .jsonl.gz, .warc, .warc.gz or .parquet files "
    "or globs.",
    "E802": "{path}: unsupported batch input type {suffix!r}; use .jsonl, .jsonl.gz, .warc, .warc.gz "
    "or .parquet.",
    "E803": "{out}: holds a batch run made with other {what} ({old!r}, now {new!r}); use a new --out "
    "directory, or --restart to discard that run.",
    "E804": "{path}: batch manifest is unreadable: {reason}; use --restart to discard that run.",
    "E805": "Partition {partition} ({path}) failed: {reason}.",
    "E806": "Cannot use the Dask scheduler {address}: {reason}. Check --scheduler (e.g. tcp://host:8786).",
    "E807": "{path}: not a batch output directory (no manifest.json); run "
    "`armswatch batch INPUT --out {path}`.",
    "E808": "{path}: Parquet input has no 'text' column (columns: {columns}).",
    "E809": "{path}: batch run is incomplete ({pending} of {total} partitions not done); re-run the same "
    "`armswatch batch` command to finish it, or pass --partial to load what is done.",
    "E810": "{path}: cannot read input: {reason}.",
    "E811": "Worker {worker} runs armswatch {found}, the driver expects {expected} ({what}); install the "
    "same armswatch, model and data on every worker.",
    "E812": "A batch worker process died ({reason}); partitions in flight are redone on re-run. "
    "Lower --workers or --partition-size if memory ran out.",
    # ingest / fetch
    "E501": "{source}: refused: {reason}.",
    "E502": "{source}: fetch failed: {reason}.",
    "E503": "{source}: HTTP {status}.",
    "E504": "{source}: body over the {limit}-byte limit; raise ARMSWATCH_FETCH_MAX_BYTES if it is genuine.",
    "E505": "{source}: more than {limit} redirects (or a redirect loop).",
    "E506": "{source}: unsupported content type {content_type!r}; expected an HTML page or an RSS/Atom feed.",
    "E507": "{source}: invalid feed: {reason}.",
    "E508": "{source}: feed rejected: {reason} (possible XML bomb); armswatch does not expand DTD entities.",
    "E509": "{source}: invalid WARC: {reason}.",
    "E510": "{source}: no HTML response records with main text in the WARC.",
    "E511": "{source}: private/loopback address {address} refused; pass --allow-private to allow it.",
    "E512": "{source}: not an http(s) URL or an existing path.",
    "E513": "Every source failed; nothing was ingested ({count} source(s)).",
    "E514": "{source}: extraction failed ({reason}); the document was not stored, re-run to retry it.",
    # eval
    # stories
    "E601": "No story with id {id!r}; list them with `armswatch stories` (ids start with 'sty-').",
    "E602": "Invalid --{name} {value!r}: {reason}.",
    "E901": "{path}:{line}: gold record invalid: {reason}.",
    "E902": "Unknown split {split!r}: use 'dev' (tuning documents) or 'validation'.",
    "E903": "{path}: cannot read the id list: {reason}.",
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

    def __reduce__(self) -> tuple[Any, ...]:
        # picklable with its code and values (errors cross process boundaries in `batch`)
        return (_rebuild, (type(self), self.code, self.values))


def _rebuild(cls: type[ArmswatchError], code: str, values: dict[str, Any]) -> ArmswatchError:
    return cls(code, **values)


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
