"""The write path of the API: one report (text or URL) → extract → store → update stories.

The same stages as ``armswatch ingest`` run here, in-process, one document at a time (writes of
one app are serialised by ``AppState.write_lock``). URLs are fetched with ingest's
:class:`~armswatch.ingest.fetch.Fetcher`, so the same guards apply (http/https only, private
networks refused unless ``allow_private``, size cap, timeouts, bounded redirects, content type).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from armswatch.api.problems import ApiProblem
from armswatch.api.state import AppState
from armswatch.errors import ApiError
from armswatch.records import Document
from armswatch.store.rows import ClaimFilter, ClaimRow


@dataclass(frozen=True)
class Analysis:
    """What one POST did."""

    document_id: str
    created: bool
    claims: tuple[ClaimRow, ...]
    story_ids: tuple[str, ...]


def document_from_request(
    aw: AppState,
    *,
    text: str | None,
    url: str | None,
    title: str | None,
    published: date | None,
    outlet: str | None,
) -> Document:
    """Build the document to analyse: from the pasted text, or by fetching ``url`` with ingest's guards."""
    text = text if text and text.strip() else None
    url = url.strip() if url and url.strip() else None
    if (text is None) == (url is None):
        raise ApiProblem(422, ApiError("E925", got="both" if text else "neither"))
    if text is not None:
        return Document(
            id=Document.make_id(text),
            text=text,
            title=title,
            published=published,
            outlet=outlet,
            source="api",
        )
    assert url is not None
    from armswatch.ingest.fetch import Fetcher
    from armswatch.ingest.html import html_to_document

    with Fetcher(aw.settings) as fetcher:
        fetched = fetcher.fetch(url)
    if fetched.kind == "xml":
        raise ApiProblem(
            422,
            ApiError(
                "E928", url=url, reason="it is a feed, not a page; ingest feeds with `armswatch ingest`"
            ),
        )
    doc = html_to_document(fetched.body, url=fetched.final_url, source=url, settings=aw.settings)
    changes: dict[str, object] = {}
    if title:
        changes["title"] = title
    if published:
        changes["published"] = published
    if outlet:
        changes["outlet"] = outlet
    if changes:
        from dataclasses import replace

        doc = replace(doc, **changes)  # type: ignore[arg-type]
    return doc


def analyse(aw: AppState, doc: Document) -> Analysis:
    """Extract claims from ``doc``, store it (idempotently) and update the stories it touches.

    Runs ingest's own :class:`~armswatch.ingest.pipeline.Ingestor` on the one document, so exact
    duplicates are refused and near-duplicates (syndicated copies) join their group as in
    ``armswatch ingest``; the stories stage's incremental update runs on what was committed.
    """
    with aw.write_lock:
        touched: list[str] = []
        ingestor = aw.ingestor
        ingestor.on_saved = lambda ids: touched.extend(update_stories_for(aw, ids))
        summary = ingestor.run_documents([doc])
        created = summary.counts.new == 1
        aw.clear_caches()
    stored_id = doc.id if created else _stored_id(aw, doc)
    claims = tuple(aw.store.query_claims(ClaimFilter(document_id=stored_id)))
    return Analysis(
        document_id=stored_id, created=created, claims=claims, story_ids=tuple(dict.fromkeys(touched))
    )


def _stored_id(aw: AppState, doc: Document) -> str:
    """The id under which an already-stored copy of ``doc`` lives (same id, URL or text hash)."""
    if aw.store.get_document(doc.id) is not None:
        return doc.id
    from armswatch.ingest.canonical import canonical_url, content_hash
    from armswatch.store.api_queries import find_document_id

    found = find_document_id(
        aw.store.engine, canonical_url=canonical_url(doc.url), content_hash=content_hash(doc.text)
    )
    return found or doc.id


def update_stories_for(aw: AppState, doc_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Run the stories stage's incremental update; the ids of stories created or changed."""
    from armswatch.stories.update import update_stories

    changes = update_stories(aw.store.engine, doc_ids, naming=aw.naming)
    return tuple(c.story_id for c in changes if c.after is not None)
