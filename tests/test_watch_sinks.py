"""Sinks against real loopback receivers: webhook (signature, idempotency key), JSONL dedupe, SMTP."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from armswatch.watch.alerts import Alert
from armswatch.watch.config import EmailSinkConfig
from armswatch.watch.sinks.base import SinkError
from armswatch.watch.sinks.jsonl import JsonlSink
from armswatch.watch.sinks.smtp import EmailSink
from armswatch.watch.sinks.terminal import TerminalSink
from armswatch.watch.sinks.webhook import WebhookSink, sign, verify
from watch_fixtures import WebhookReceiver, make_alert, smtp_server


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver(secret="k3y")
    r.start()
    yield r
    r.stop()


def test_alert_json_round_trip() -> None:
    a = make_alert()
    assert Alert.from_json(json.loads(a.body())) == a
    assert a.id == make_alert().id and a.id != make_alert(2).id


def test_signature_is_hmac_sha256_of_body() -> None:
    import hashlib
    import hmac

    body = b'{"x":1}'
    assert sign(body, "k") == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert verify(body, "k", sign(body, "k")) and not verify(body + b" ", "k", sign(body, "k"))


def test_webhook_posts_signed_json_with_idempotency_key(receiver: WebhookReceiver) -> None:
    sink = WebhookSink("hook", receiver.base + "/hook", secret="k3y")
    alert = make_alert()
    sink.deliver(alert)
    sink.close()
    assert len(receiver.requests) == 1
    req = receiver.requests[0]
    assert req.headers["Idempotency-Key"] == alert.id
    assert req.headers["X-Armswatch-Signature"] == sign(req.body, "k3y")
    assert req.headers["Content-Type"] == "application/json"
    body = req.json()
    assert body["id"] == alert.id and body["story"]["link"].endswith("/stories/st-1")
    assert body["changes"][0]["after"] == "reported" and body["evidence"][0]["quote"].startswith(
        "North Korea"
    )


def test_webhook_failure_raises_sink_error(receiver: WebhookReceiver) -> None:
    receiver.fail_first = 1
    sink = WebhookSink("hook", receiver.base + "/hook", secret="k3y")
    with pytest.raises(SinkError, match="HTTP 503"):
        sink.deliver(make_alert())
    sink.deliver(make_alert())  # the receiver is back
    assert len(receiver.accepted) == 1


def test_webhook_wrong_secret_is_refused(receiver: WebhookReceiver) -> None:
    sink = WebhookSink("hook", receiver.base + "/hook", secret="wrong")
    with pytest.raises(SinkError, match="HTTP 401"):
        sink.deliver(make_alert())
    assert receiver.bad_signatures == 1


def test_webhook_unreachable_is_sink_error() -> None:
    from watch_fixtures import free_port

    sink = WebhookSink("hook", f"http://127.0.0.1:{free_port()}/hook", secret="k", timeout=2)
    with pytest.raises(SinkError, match="hook"):
        sink.deliver(make_alert())


def test_jsonl_sink_appends_once_per_alert_id(tmp_path: Path) -> None:
    path = tmp_path / "out" / "alerts.jsonl"
    sink = JsonlSink("jsonl", path)
    a, b = make_alert(1), make_alert(2)
    sink.deliver(a)
    sink.deliver(a)
    sink.deliver(b)
    # a new process (new sink object) redelivering the same alert after a crash
    JsonlSink("jsonl", path).deliver(a)
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [a.id, b.id]


def test_jsonl_sink_unwritable_is_sink_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SinkError, match="E704"):
        JsonlSink("jsonl", blocker / "alerts.jsonl").deliver(make_alert())


def test_terminal_sink_escapes_markup() -> None:
    buf = io.StringIO()
    sink = TerminalSink("terminal", Console(file=buf, width=120, force_terminal=False))
    sink.deliver(make_alert(quote="[bold red]injected[/] text"))
    out = buf.getvalue()
    assert "[bold red]injected[/] text" in out and "Status rose" in out and "/stories/st-1" in out


def test_email_sink_via_loopback_smtp() -> None:
    for host, port, handler in smtp_server():
        cfg = EmailSinkConfig.model_validate(
            {
                "type": "email",
                "host": host,
                "port": port,
                "from": "aw@example.org",
                "to": ["desk@example.org"],
            }
        )
        alert = make_alert()
        EmailSink(cfg).deliver(alert)
        assert len(handler.messages) == 1
        sender, rcpts, msg = handler.messages[0]
        assert sender == "aw@example.org" and rcpts == ["desk@example.org"]
        assert msg["Message-ID"] == f"<{alert.id}@armswatch>"
        assert "Escalation" in msg["Subject"]
        body = msg.get_content()
        assert alert.link in body and "North Korea shipped 152 mm shells" in body and "Status rose" in body


def test_email_sink_server_down_is_sink_error() -> None:
    from watch_fixtures import free_port

    cfg = EmailSinkConfig.model_validate(
        {
            "type": "email",
            "host": "127.0.0.1",
            "port": free_port(),
            "from": "a@x.org",
            "to": ["b@x.org"],
            "timeout": 2,
        }
    )
    with pytest.raises(SinkError, match="SMTP"):
        EmailSink(cfg).deliver(make_alert())
