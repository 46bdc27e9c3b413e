"""The watch configuration: sources with intervals, rules and sinks, read from TOML (``tomllib``).

A minimal file::

    [[sources]]
    url = "https://example.org/defence/feed.xml"
    every = "10m"

    [[rules]]
    name = "dprk-russia"
    pairs = ["PRK:RUS"]

    [[sinks]]
    name = "hook"
    type = "webhook"
    url = "https://hooks.example.org/armswatch"
    secret_env = "ARMSWATCH_WEBHOOK_SECRET"

See ``examples/watch.toml`` for every key. All models are frozen pydantic models; errors are turned
into one-line :class:`~armswatch.errors.WatchError` ``E701`` messages naming the file and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from armswatch.errors import WatchError
from armswatch.records import STATUS_RANK

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_PARTY = re.compile(r"^(\*|[A-Za-z][A-Za-z0-9_-]{1,40})$")

AlertKind = Literal["new_story", "escalation", "contradiction"]
ALERT_KINDS: tuple[str, ...] = ("new_story", "escalation", "contradiction")


def parse_duration(value: str | float | int) -> float:
    """Seconds from ``"30s"``, ``"5m"``, ``"1.5h"``, ``"2d"``, ``"250ms"`` or a bare number of seconds."""
    if isinstance(value, bool):
        raise WatchError("E702", value=value)
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        m = _DURATION.match(value)
        if not m:
            raise WatchError("E702", value=value)
        seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
    if seconds <= 0:
        raise WatchError("E702", value=value)
    return seconds


def parse_pair(value: str) -> tuple[str, str]:
    """``"PRK:RUS"`` → ``("PRK", "RUS")``; either side may be ``*``. Party codes keep their case."""
    parts = value.split(":")
    if len(parts) != 2 or not all(_PARTY.match(p.strip()) for p in parts):
        raise WatchError("E703", value=value)
    supplier, recipient = (p.strip() for p in parts)
    return supplier, recipient


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


Seconds = Annotated[float, Field(gt=0)]


def _seconds(v: Any) -> Any:
    return parse_duration(v) if isinstance(v, str | int | float) and not isinstance(v, bool) else v


class SourceConfig(_Frozen):
    """One thing to poll: an ``http(s)`` URL (feed or page) or a local folder/file ``path``."""

    name: str | None = None
    url: str | None = None
    path: str | None = None
    every: Seconds = Field(default=600.0, description="Poll interval (e.g. '10m').")

    _norm_every = field_validator("every", mode="before")(_seconds)

    @model_validator(mode="after")
    def _one_target(self) -> SourceConfig:
        if (self.url is None) == (self.path is None):
            raise ValueError("a source needs exactly one of 'url' or 'path'")
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            raise ValueError(f"source url {self.url!r} must start with http:// or https://")
        return self

    @property
    def target(self) -> str:
        """The URL or the path (as given)."""
        return self.url if self.url is not None else str(self.path)

    @property
    def key(self) -> str:
        """Stable key of the source's persisted state (ETag, Last-Modified, hashes, backoff)."""
        if self.url is not None:
            return self.url
        return "file:" + str(Path(str(self.path)).expanduser().resolve())

    @property
    def label(self) -> str:
        return self.name or self.target


def _all_kinds() -> list[AlertKind]:
    return ["new_story", "escalation", "contradiction"]


class RuleConfig(_Frozen):
    """A watch rule. Every given criterion must hold (lists match if any element matches)."""

    name: str
    pairs: list[str] = Field(default_factory=lambda: ["*:*"], description="SUPPLIER:RECIPIENT, '*' = any.")
    categories: list[str] = Field(default_factory=list)
    systems: list[str] = Field(default_factory=list)
    min_status: str | None = None
    keywords: list[str] = Field(default_factory=list)
    kinds: list[AlertKind] = Field(default_factory=_all_kinds)
    sinks: list[str] | None = Field(default=None, description="Sink names; default: every sink.")

    @field_validator("pairs")
    @classmethod
    def _pairs(cls, v: list[str]) -> list[str]:
        for p in v:
            parse_pair(p)
        return v

    @field_validator("min_status")
    @classmethod
    def _status(cls, v: str | None) -> str | None:
        if v is not None and v not in STATUS_RANK:
            raise ValueError(f"min_status {v!r} is not one of {', '.join(STATUS_RANK)}")
        return v

    def parsed_pairs(self) -> list[tuple[str, str]]:
        return [parse_pair(p) for p in self.pairs]


class TerminalSinkConfig(_Frozen):
    type: Literal["terminal"]
    name: str = "terminal"


class JsonlSinkConfig(_Frozen):
    type: Literal["jsonl"]
    name: str = "jsonl"
    path: str


class WebhookSinkConfig(_Frozen):
    type: Literal["webhook"]
    name: str = "webhook"
    url: str
    secret: str | None = Field(default=None, description="HMAC key; prefer secret_env.")
    secret_env: str | None = Field(default=None, description="Environment variable holding the HMAC key.")
    timeout: Seconds = 10.0
    headers: dict[str, str] = Field(default_factory=dict)

    _norm_timeout = field_validator("timeout", mode="before")(_seconds)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError(f"webhook url {v!r} must start with http:// or https://")
        return v

    def resolved_secret(self) -> str | None:
        """The configured secret, or the value of ``secret_env`` (None if neither is set)."""
        if self.secret is not None:
            return self.secret
        if self.secret_env:
            return os.environ.get(self.secret_env)
        return None


class EmailSinkConfig(_Frozen):
    type: Literal["email"]
    name: str = "email"
    host: str = "localhost"
    port: int = Field(default=25, gt=0, lt=65536)
    sender: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password_env: str | None = None
    timeout: Seconds = 20.0
    subject_prefix: str = "[armswatch]"

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    _norm_timeout = field_validator("timeout", mode="before")(_seconds)

    def password(self) -> str | None:
        return os.environ.get(self.password_env) if self.password_env else None


SinkConfig = Annotated[
    TerminalSinkConfig | JsonlSinkConfig | WebhookSinkConfig | EmailSinkConfig,
    Field(discriminator="type"),
]


class DeliveryConfig(_Frozen):
    """Retry policy of the outbox: attempt n waits ``backoff_base * 2**(n-1)``, capped at ``backoff_max``."""

    backoff_base: Seconds = 1.0
    backoff_max: Seconds = 300.0
    max_attempts: int = Field(default=0, ge=0, description="0 = retry forever (the alert stays queued).")

    _norm = field_validator("backoff_base", "backoff_max", mode="before")(_seconds)


class WatchSettings(_Frozen):
    """Process-wide knobs of ``armswatch watch``."""

    database: str | None = Field(default=None, description="SQLAlchemy URL; default --db / settings.")
    link_base: str = Field(default="http://127.0.0.1:8000", description="API/dashboard root for story links.")
    allow_private: bool = False
    source_backoff_max: Seconds = 3600.0
    tick: Seconds = Field(default=1.0, description="Scheduler resolution.")

    _norm = field_validator("source_backoff_max", "tick", mode="before")(_seconds)


class WatchConfig(_Frozen):
    """The whole watch configuration."""

    watch: WatchSettings = Field(default_factory=WatchSettings)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    rules: list[RuleConfig] = Field(default_factory=list)
    sinks: list[SinkConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> WatchConfig:
        names = [s.name for s in self.sinks]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"sink names must be unique; repeated: {', '.join(dupes)} (set name = ...)")
        rule_names = [r.name for r in self.rules]
        rdupes = sorted({n for n in rule_names if rule_names.count(n) > 1})
        if rdupes:
            raise ValueError(f"rule names must be unique; repeated: {', '.join(rdupes)}")
        for rule in self.rules:
            for sink in rule.sinks or []:
                if sink not in names:
                    raise ValueError(f"rule {rule.name!r} names unknown sink {sink!r}")
        keys = [s.key for s in self.sources]
        sdupes = sorted({k for k in keys if keys.count(k) > 1})
        if sdupes:
            raise ValueError(f"sources repeated: {', '.join(sdupes)}")
        return self

    def sinks_for(self, rule: RuleConfig) -> list[str]:
        """Names of the sinks a rule's alerts go to."""
        return list(rule.sinks) if rule.sinks is not None else [s.name for s in self.sinks]


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    msg = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {msg}"


def config_from_dict(data: dict[str, Any], origin: str = "<config>") -> WatchConfig:
    """Validate a parsed mapping into a :class:`WatchConfig` (errors name ``origin``)."""
    try:
        return WatchConfig.model_validate(data)
    except ValidationError as exc:
        raise WatchError("E701", path=origin, reason=_describe(exc)) from exc
    except WatchError as exc:  # a duration or pair parser inside a validator
        raise WatchError("E701", path=origin, reason=exc.message) from exc


def load_config(path: str | Path) -> WatchConfig:
    """Read and validate a TOML watch configuration file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise WatchError("E701", path=p, reason=exc.strerror or str(exc)) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WatchError("E701", path=p, reason=f"not valid TOML: {exc}") from exc
    return config_from_dict(data, origin=str(p))


def quick_config(
    sources: list[str],
    *,
    every: str = "5m",
    pairs: list[str] | None = None,
    categories: list[str] | None = None,
    systems: list[str] | None = None,
    min_status: str | None = None,
    keywords: list[str] | None = None,
    webhook: str | None = None,
    secret: str | None = None,
    jsonl: str | None = None,
    terminal: bool = True,
    link_base: str | None = None,
    allow_private: bool = False,
    base: WatchConfig | None = None,
) -> WatchConfig:
    """The configuration of ``armswatch watch SOURCE... --every 5m --pair PRK:RUS [--webhook URL ...]``.

    With ``base`` (from ``--config``), the SOURCE arguments are added to its sources and the sink and
    rule options are added to its sinks and rules.
    """
    data: dict[str, Any] = base.model_dump(by_alias=True, exclude_none=True) if base else {}
    data.setdefault("watch", {})
    if link_base:
        data["watch"]["link_base"] = link_base
    if allow_private:
        data["watch"]["allow_private"] = True
    srcs = list(data.get("sources", []))
    for s in sources:
        key = "url" if s.lower().startswith(("http://", "https://")) or "://" in s else "path"
        srcs.append({key: s, "every": every})
    data["sources"] = srcs
    sinks = list(data.get("sinks", []))
    if terminal and not any(s.get("type") == "terminal" for s in sinks):
        sinks.append({"type": "terminal", "name": "terminal"})
    if webhook:
        sinks.append({"type": "webhook", "name": "webhook", "url": webhook, "secret": secret})
    if jsonl:
        sinks.append({"type": "jsonl", "name": "jsonl", "path": jsonl})
    data["sinks"] = sinks
    rule_opts = pairs or categories or systems or min_status or keywords
    rules = list(data.get("rules", []))
    if rule_opts or not rules:
        rule: dict[str, Any] = {"name": "cli", "pairs": pairs or ["*:*"]}
        if categories:
            rule["categories"] = categories
        if systems:
            rule["systems"] = systems
        if min_status:
            rule["min_status"] = min_status
        if keywords:
            rule["keywords"] = keywords
        rules.append(rule)
    data["rules"] = rules
    return config_from_dict(data, origin="command line")
