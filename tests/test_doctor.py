"""``ikpcrawl doctor``: one table of checks, each failure with its fix; exit code 0 or 1."""

from __future__ import annotations

import argparse
import importlib.util
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikpcrawl.ops import doctor
from ikpcrawl.ops.doctor import FAIL, OK, SKIP, Check
from tests.conftest import Site
from tests.test_rendering import need_browser


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


@pytest.mark.browser
def test_ready_machine_passes_every_check(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sample_site: Site,
) -> None:
    executable = need_browser()
    monkeypatch.setenv("IKPCRAWL_CHROMIUM", executable)
    monkeypatch.delenv("IKPCRAWL_REDIS_URL", raising=False)
    # The network check goes to the mirror in mirror mode (this machine has no network).
    monkeypatch.setenv("IKPCRAWL_MIRROR", sample_site.base_url)
    (tmp_path / "output").mkdir()
    code = doctor.main(["--output", str(tmp_path / "output"), "--state", str(tmp_path / "st")])
    table = capsys.readouterr().out
    assert code == 0, table
    rows = {line.split("  ")[0].strip(): line for line in table.splitlines()[1:-1]}
    assert set(rows) == {
        "python packages",
        "chromium",
        "chromium starts",
        "output dir",
        "state dir",
        "redis",
        "network",
    }
    for name, line in rows.items():
        assert f"  {SKIP if name == 'redis' else OK}  " in line, line
    assert "will be created" in rows["state dir"]
    assert "optika.id/robots.txt answered 200" in rows["network"]
    assert table.splitlines()[-1] == "ready to crawl"


def test_missing_chromium_fails_with_the_fix(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sample_site: Site,
) -> None:
    monkeypatch.setenv("IKPCRAWL_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("IKPCRAWL_MIRROR", sample_site.base_url)  # the network check passes
    code = doctor.main(["--output", str(tmp_path), "--state", str(tmp_path)])
    table = capsys.readouterr().out
    assert code == 1
    assert (
        "FAIL    not found at /nonexistent/chromium: apt-get install -y chromium,"
        " or set IKPCRAWL_CHROMIUM" in table
    )
    assert "chromium starts  skip" in table
    assert table.splitlines()[-1] == "1 check(s) failed: fix the FAIL lines above"


def test_chromium_that_does_not_start_fails(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'error while loading shared libraries' >&2\nexit 127\n")
    broken.chmod(0o755)
    checks = by_name(doctor.run_checks(tmp_path, tmp_path, {"IKPCRAWL_CHROMIUM": str(broken)}))
    assert checks["chromium"].status == OK  # it is there ...
    starts = checks["chromium starts"]  # ... but it does not start
    assert starts.status == FAIL
    assert "apt-get install --reinstall -y chromium" in starts.detail


def test_missing_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "PACKAGES", (*doctor.PACKAGES, ("no_such_mod", "no-such-dist")))
    check = doctor.check_packages()
    assert check.status == FAIL
    assert check.detail == "missing no-such-dist: pip install -e . (in the project's virtualenv)"


def test_directories(tmp_path: Path) -> None:
    assert doctor.check_directory("output dir", tmp_path).status == OK
    created = doctor.check_directory("output dir", tmp_path / "a" / "b")
    assert created.status == OK and f"will be created in {tmp_path}" in created.detail
    (tmp_path / "file").write_text("x")
    blocked = doctor.check_directory("state dir", tmp_path / "file" / "state")
    assert blocked.status == FAIL
    assert "is not a directory" in blocked.detail


def test_redis_is_skipped_unless_configured() -> None:
    assert doctor.check_redis({}).status == SKIP


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_redis_fails_without_leaking_the_password() -> None:
    url = f"redis://:s3cret@127.0.0.1:{_closed_port()}/0"
    check = doctor.check_redis({"IKPCRAWL_REDIS_URL": url})
    assert check.status == FAIL
    assert "s3cret" not in check.detail
    if importlib.util.find_spec("redis") is None:
        assert "pip install redis" in check.detail


class _FakeRedis(socketserver.StreamRequestHandler):
    """Answers RESP commands: PONG to PING, OK to anything else (CLIENT SETINFO, ...)."""

    def handle(self) -> None:
        while header := self.rfile.readline():
            if not header.startswith(b"*"):
                return
            words = []
            for _ in range(int(header[1:])):
                self.rfile.readline()  # $<length>
                words.append(self.rfile.readline().strip().upper())
            if words[:1] == [b"HELLO"]:  # redis-py 8 speaks RESP3: a map in return
                self.wfile.write(b"%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n")
            else:
                self.wfile.write(b"+PONG\r\n" if words[:1] == [b"PING"] else b"+OK\r\n")


@pytest.fixture
def fake_redis() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _FakeRedis)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    server.shutdown()
    server.server_close()


def test_reachable_redis_passes(fake_redis: str) -> None:
    check = doctor.check_redis({"IKPCRAWL_REDIS_URL": fake_redis})
    if importlib.util.find_spec("redis") is None:
        assert check.status == FAIL and "pip install redis" in check.detail
    else:
        assert check == Check("redis", OK, f"{fake_redis} answers PING")


def test_registers_the_doctor_command() -> None:
    parser = argparse.ArgumentParser(prog="ikpcrawl")
    doctor.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["doctor", "--output", "out", "--state", "st"])
    assert (args.output, args.state, args.func) == ("out", "st", doctor.cmd_doctor)


def test_no_network_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IKPCRAWL_MIRROR", raising=False)
    check = doctor.check_network("ikpcrawl-doctor.invalid", {})
    assert check.status == FAIL
    assert check.detail.startswith("no network: DNS lookup of ikpcrawl-doctor.invalid failed")


def test_an_unreachable_mirror_fails_the_network_check(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    check = doctor.check_network("optika.id", {"IKPCRAWL_MIRROR": f"http://127.0.0.1:{port}"})
    assert check.status == FAIL and "the mirror cannot be reached" in check.detail
