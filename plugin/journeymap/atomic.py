"""Files written whole or not at all: never half a file under its name.

Every file journeymap writes for keeps (snapshots, the pages `journeymap generate`
writes, the build cache) goes through here: the data goes to a temporary file beside
the target, which then takes the target's name in one step. Ctrl-C, a full disk or a
crash leaves the old file (or none), never a truncated one, and the temporary file is
removed on every way out.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMPORARY_PREFIX = ".journeymap-"
TEMPORARY_SUFFIX = ".tmp"
"""Temporary files are `.journeymap-<random>.tmp`: hidden and not `.csv` nor `.md`, so
validate and builds skip one a killed job left behind (the guide's .gitignore too)."""


def write_atomically(
    path: Path, data: bytes, *, replace: bool = True, durable: bool = False
) -> bool:
    """Write `data` as `path`, all at once; False (and nothing written) if `path`
    exists and not `replace`.

    Without `replace`, the temporary file is hard-linked to the target's name:
    creating a link never replaces a file, so a file another job wrote in the
    meantime is kept. `durable` waits until the data is on the disk before the file
    takes its name (for what cannot be made again, such as a snapshot; a cache can).
    The file is readable as the umask allows (0644 with the usual 022), as any file
    the author writes. Raises OSError (permissions, a full disk).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _new_temporary(path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path, follow_symlinks=False)
        except FileExistsError:
            return False
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _new_temporary(folder: Path) -> tuple[int, Path]:
    """A new empty file of a name no one else uses in `folder`, open for writing.

    Created with mode 0666, which the system narrows by the umask: the same mode as
    the file would get if written directly (tempfile.mkstemp would make it private).
    A name taken by another writer (two builds sharing a cache) is passed over.
    """
    flags = (
        os.O_WRONLY
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_BINARY", 0)
    )
    while True:
        path = folder / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
