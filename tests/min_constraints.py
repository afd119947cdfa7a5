"""The lowest versions ikpcrawl declares, as a pip constraints file (``make test-min``).

    python tests/min_constraints.py > constraints.txt          # each ``>=`` floor as ``==``
    python tests/min_constraints.py --check constraints.txt    # what is installed is that

The floors are those of ``[project].dependencies`` in pyproject.toml (the runtime
dependencies; their own dependencies resolve as usual: "lowest direct"). A dependency without
a ``>=`` floor is an error: its lowest version would be whatever the resolver picks, untested.
``--check`` runs in the environment it checks (any Python from 3.10) and exits 1, naming them,
if installed versions differ from the file's pins.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def floors(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """Distribution name -> its declared lowest version, for every runtime dependency."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: pytest's own dependency
        import tomli as tomllib

    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    found: dict[str, str] = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        lows = [s.version for s in requirement.specifier if s.operator == ">="]
        if len(lows) != 1:
            raise SystemExit(f"{pyproject}: {line!r} needs exactly one >= floor")
        found[requirement.name] = lows[0]
    return found


def check(constraints: Path) -> list[str]:
    """Installed versions that are not the pinned ones (or are missing)."""
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    wrong = []
    for line in constraints.read_text("utf-8").splitlines():
        name, _, pinned = line.partition("==")
        got = installed.get(canonicalize_name(name))
        if got is None or Version(got) != Version(pinned):
            wrong.append(f"{name}: pinned {pinned}, installed {got or 'nothing'}")
    return wrong


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"] and len(argv) == 2:
        wrong = check(Path(argv[1]))
        for line in wrong:
            print(f"not the declared floor: {line}", file=sys.stderr)
        return 1 if wrong else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    for name, version in floors().items():
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
