from __future__ import annotations

from ikpcrawl.cli import main

raise SystemExit(main())
