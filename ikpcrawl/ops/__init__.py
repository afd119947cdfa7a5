"""Operations: the command line, scheduled runs, schedules, diagnostics, the demo and dev server."""
