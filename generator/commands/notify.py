"""statusgen notify: tell the configured channels what changed since the last run."""

from __future__ import annotations

from generator.notify.run import NotifyOptions, NotifyResult
from generator.notify.run import notify as run_notify

__all__ = ["NotifyOptions", "NotifyResult", "notify"]


def notify(options: NotifyOptions) -> NotifyResult:
    return run_notify(options)
