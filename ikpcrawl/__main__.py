from __future__ import annotations

from ikpcrawl.ops.cli import main

raise SystemExit(main())
