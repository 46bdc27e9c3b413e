"""armswatch.watch: poll sources on a schedule and alert on new or escalating transfers.

- :mod:`~armswatch.watch.config` — the TOML configuration (sources, rules, sinks, retry policy);
- :mod:`~armswatch.watch.poll` — conditional GET of feeds/pages, folders by mtime/hash;
- :mod:`~armswatch.watch.rules` — story changes → alerts (new story, escalation, contradiction);
- :mod:`~armswatch.watch.outbox` — per-sink delivery from the database outbox, with backoff;
- :mod:`~armswatch.watch.runner` — the loop tying them together (:class:`~armswatch.watch.runner.Watcher`);
- :mod:`~armswatch.watch.sinks` — terminal, JSONL, webhook (HMAC-signed) and email (SMTP).

SQL lives in :mod:`armswatch.store.alerts_repo`. See ``docs/watch.md``.
"""
