"""Failure notification: a webhook (Slack-style JSON) when ``PKIT_ALERT_WEBHOOK`` is set; off by default."""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Any

from pkit.config import Settings

log = logging.getLogger(__name__)


def notify_failure(context: dict[str, Any]) -> bool:
    url = Settings.current().alert_webhook
    if not url:
        return False
    ti = context.get("task_instance") or context.get("ti")
    text = (
        f"pkit: task {getattr(ti, 'task_id', '?')} failed in run {context.get('run_id')}: "
        f"{context.get('exception')}"
    )
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return 200 <= response.status < 300
    except OSError as err:
        log.warning("failure notification to the webhook failed: %s", err)
        return False
