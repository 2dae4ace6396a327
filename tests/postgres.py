"""A throwaway PostgreSQL server for the tests: Debian's binaries, a temporary folder,
a free port on 127.0.0.1, password authentication over TCP; removed afterwards.

PostgreSQL refuses to run as root (CI runs the tests as root): then the cluster is
created and run by the unprivileged user `nobody`, which owns the temporary folder.
Nothing here skips: if the server cannot start, the tests fail and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "Pw-4rT9-k2Qz"  # asserted never to appear in any output of `journeymap pull`
USER = "journeymap"
UNPRIVILEGED = "nobody"


@dataclass(frozen=True)
class Server:
    port: int

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def conninfo(self) -> str:
        return f"host=127.0.0.1 port={self.port} user={USER} password={PASSWORD} dbname=postgres"


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: run tests/setup (it installs Debian's postgresql)"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server() -> Iterator[Server]:
    """A running server with its superuser `journeymap` (password PASSWORD)."""
    bin_dir = _bin_dir()
    as_user = ["runuser", "-u", UNPRIVILEGED, "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="journeymap-pg-"))
    data, log = folder / "data", folder / "server.log"
    port = _free_port()
    try:
        (folder / "password").write_text(PASSWORD + "\n")
        if as_user:
            shutil.chown(folder, UNPRIVILEGED)
            shutil.chown(folder / "password", UNPRIVILEGED)

        def run(*command: str) -> None:
            done = subprocess.run(
                [*as_user, *command], capture_output=True, text=True, cwd=folder, check=False
            )
            if done.returncode:
                server_log = log.read_text(errors="replace") if log.exists() else ""
                raise RuntimeError(
                    f"PostgreSQL test server: {' '.join(command[:1])} failed:\n"
                    f"{done.stdout}{done.stderr}{server_log}"
                )

        run(
            str(bin_dir / "initdb"),
            "-D", str(data), "-U", USER, f"--pwfile={folder / 'password'}",
            "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c fsync=off"
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        try:
            yield Server(port)
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
