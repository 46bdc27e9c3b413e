"""Email sink: one plain-text message per alert via SMTP (``smtplib``), optional STARTTLS/SSL and login.

The ``Message-ID`` is derived from the alert id (``<al-…@armswatch>``), and ``X-Armswatch-Alert-Id``
carries it too, so a redelivered alert is recognisable as the same message by mail software.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from typing import TYPE_CHECKING

from armswatch.watch.sinks.base import SinkError

if TYPE_CHECKING:
    from armswatch.watch.alerts import Alert
    from armswatch.watch.config import EmailSinkConfig


def compose(alert: Alert, sender: str, to: list[str], subject_prefix: str = "[armswatch]") -> EmailMessage:
    """The message for an alert: headline as subject; link, changes and evidence in the body."""
    msg = EmailMessage()
    subject = f"{subject_prefix} {alert.headline}".strip()
    msg["Subject"] = " ".join(subject.split())[:250]
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(alert.created_at.timestamp(), usegmt=True)
    msg["Message-ID"] = f"<{alert.id}@armswatch>"
    msg["X-Armswatch-Alert-Id"] = alert.id
    lines = [alert.headline, "", f"Story: {alert.link}", f"API:   {alert.api_link}", ""]
    if alert.status:
        lines.append(f"Status: {alert.status}")
    lines.append("What changed:")
    lines += [f"  - {line}" for line in alert.summary_lines()]
    if alert.evidence:
        lines += ["", "Evidence:"]
        for ev in alert.evidence:
            where = ", ".join(x for x in (ev.outlet, ev.published, ev.url) if x)
            lines.append(f'  "{ev.quote}"' + (f" ({where})" if where else ""))
    lines += ["", f"Alert id: {alert.id}"]
    msg.set_content("\n".join(lines))
    return msg


class EmailSink:
    """Sends alerts through an SMTP server."""

    def __init__(self, cfg: EmailSinkConfig) -> None:
        self.name = cfg.name
        self.cfg = cfg

    def deliver(self, alert: Alert) -> None:
        cfg = self.cfg
        msg = compose(alert, cfg.sender, cfg.to, cfg.subject_prefix)
        try:
            smtp: smtplib.SMTP
            if cfg.ssl:
                smtp = smtplib.SMTP_SSL(
                    cfg.host, cfg.port, timeout=cfg.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
            with smtp:
                if cfg.starttls and not cfg.ssl:
                    smtp.starttls(context=ssl.create_default_context())
                if cfg.username:
                    smtp.login(cfg.username, cfg.password() or "")
                smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise SinkError(self.name, alert.id, f"SMTP {cfg.host}:{cfg.port}: {exc}") from exc

    def close(self) -> None:
        return None
