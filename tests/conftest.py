"""Shared pytest fixtures. Stages keep theirs in tests/<stage>_fixtures.py; the ones listed here are
made visible to every test module."""

from api_fixtures import artifacts, served  # noqa: F401  (API and dashboard tests)
from watch_fixtures import feed, receiver  # noqa: F401  (watch tests: loopback feed and webhook)
