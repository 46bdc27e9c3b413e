"""armswatch.ingest: read reports from files, directories, URLs, feeds and WARC archives into the store.

``readers`` (files, stdin, JSONL) and ``html`` (pages) make Documents; ``fetch`` is the guarded HTTP
client; ``feeds`` and ``warc`` handle those containers; ``sources`` walks SOURCE arguments;
``canonical`` and ``dedup`` find exact and near duplicates; ``pipeline.Ingestor`` runs the whole
thing in batches, one transaction each::

    from armswatch.ingest.pipeline import Ingestor, default_extractor
    from armswatch.settings import Settings
    from armswatch.store import Store

    settings = Settings()
    with Store.open(settings.database_url) as store:
        summary = Ingestor(store, settings, default_extractor(settings)).run(["reports/", "https://..."])
        print(summary.to_dict())
"""
