"""Signals of ikpcrawl's own (sent with ``crawler.signals.send_catch_log``)."""

from __future__ import annotations

#: A feed file was opened; args: ``path`` (its final name).
feed_opened = object()
#: A feed file is written and fsynced, about to be renamed into place; args: ``path``. What its
#: rows rely on (the staged state) is made durable here.
feed_closing = object()
#: A feed file is complete and renamed into place; args: ``path``.
feed_completed = object()
