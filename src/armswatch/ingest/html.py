"""Turn one HTML page into a :class:`~armswatch.records.Document`.

Main text and metadata (title, author, date, canonical URL, site name) come from trafilatura,
run on HTML that the caller passes in: nothing is fetched here. The publication date falls back
to htmldate; the outlet falls back to the registered domain, found with tldextract's bundled
public-suffix snapshot (never downloaded).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from armswatch.errors import InputError
from armswatch.records import Document
from armswatch.settings import Settings

if TYPE_CHECKING:
    import tldextract

__all__ = ["html_to_document", "outlet_from_url", "parse_date"]

# trafilatura's metadata dates are plain ISO dates; htmldate must not guess dates before this.
_MIN_DATE = "1990-01-01"


@functools.lru_cache(maxsize=1)
def _tld_extractor() -> tldextract.TLDExtract:
    """The offline tldextract instance: no suffix-list URLs, no cache dir, bundled snapshot only."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def outlet_from_url(url: str | None) -> str | None:
    """The registered domain of ``url`` (``https://www.bbc.co.uk/news`` -> ``bbc.co.uk``), or None."""
    if not url:
        return None
    parts = _tld_extractor()(url)
    domain = parts.top_domain_under_public_suffix or parts.fqdn
    return domain.lower() or None


def parse_date(value: Any) -> date | None:
    """A date from ``YYYY-MM-DD``, an ISO datetime, or a date/datetime object; None if it is not one."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _fallback_date(html: bytes | str, url: str | None) -> date | None:
    import htmldate

    tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%d")
    try:
        found = htmldate.find_date(
            html,
            extensive_search=False,
            original_date=True,
            url=url,
            min_date=_MIN_DATE,
            max_date=tomorrow,
        )
    except Exception:  # htmldate raises assorted errors on odd markup; a date is optional
        return None
    return parse_date(found)


def html_to_document(
    html: bytes | str,
    *,
    url: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
    doc_id: str | None = None,
) -> Document:
    """Extract the main text and metadata of one HTML page.

    ``url`` is where the page came from (used for relative links, the outlet and the id when the page
    declares no canonical URL); ``source`` names the input in error messages (defaults to ``url``).
    ``doc_id`` overrides the id, which otherwise derives from the canonical URL (or the text).
    Raises :class:`~armswatch.errors.InputError` E106 when the page is over
    ``settings.max_doc_bytes``, E110 when no main text is found.
    """
    import trafilatura

    settings = settings or Settings()
    name = source or url or "<html>"
    size = len(html)
    if size > settings.max_doc_bytes:
        raise InputError("E106", path=name, size=size, limit=settings.max_doc_bytes)

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    # trafilatura puts one paragraph a line; a blank line between paragraphs (as in plain-text
    # reports) keeps headlines and paragraphs from running into one sentence.
    text = "\n\n".join(line.strip() for line in (text or "").splitlines() if line.strip())
    if not text:
        raise InputError("E110", path=name)

    meta = trafilatura.extract_metadata(html, default_url=url)
    title = _clean(meta.title) if meta else None
    author = _clean(meta.author) if meta else None
    canonical = _clean(meta.url) if meta else None
    sitename = _clean(meta.sitename) if meta else None
    language = _clean(meta.language) if meta else None
    published = parse_date(meta.date) if meta else None
    if published is None:
        published = _fallback_date(html, url)

    page_url = canonical or url
    if sitename and " " not in sitename and "." in sitename:
        # trafilatura falls back to the host name; reduce it to the registered domain.
        sitename = outlet_from_url(f"http://{sitename}")
    outlet = sitename or outlet_from_url(page_url)
    extra: dict[str, Any] = {}
    if url and canonical and canonical != url:
        extra["fetched_url"] = url
    return Document(
        id=doc_id or Document.make_id(text, page_url),
        text=text,
        published=published,
        title=title,
        url=page_url,
        outlet=outlet,
        author=author,
        language=language,
        source=source or url,
        extra=extra,
    )
