"""``python -m ikpcrawl.report report …``: the command on its own, as ``ikpcrawl`` runs it."""

from __future__ import annotations

from ikpcrawl.report import main

raise SystemExit(main())
