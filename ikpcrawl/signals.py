"""Signals of ikpcrawl's own (sent with ``crawler.signals.send_catch_log``)."""

from __future__ import annotations

#: A feed file was opened; args: ``path`` (its final name).
feed_opened = object()
#: A feed file is complete and renamed into place; args: ``path``.
feed_completed = object()
