"""Reading and writing inside the content folder only.

Symbolic links are refused wherever journeymap looks (a link could publish a file
from elsewhere on the build machine, or make a command write outside the folder);
files are read only if they are regular files (a FIFO or `/dev/zero` would never
end), and no further than their size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from journeymap.content.problems import Problems

LINK_REFUSED = (
    "is a symbolic link: journeymap reads nothing outside the content folder, "
    "so put the file or folder itself here"
)


def is_link(path: Path) -> bool:
    """True when `path` is a symbolic link (a broken one too)."""
    return path.is_symlink()


def read_limited(path: Path, display: str, limit: int, problems: Problems) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None (and a problem) otherwise."""
    try:
        # O_NOFOLLOW: a link swapped in after the folder was listed is refused too.
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if is_link(path):
            problems.add(display, 0, "", LINK_REFUSED)
        else:
            problems.add(display, 1, "", f"cannot be read: {error.strerror}")
        return None
    # fdopen refuses a folder (a `v3.yml/` folder) with an error naming no path: look first.
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        folder = "is a folder where a file is expected: rename the folder, or move it away"
        problems.add(display, 0, "", folder if stat.S_ISDIR(mode) else "is not a regular file")
        return None
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(limit + 1)
        except OSError as error:
            problems.add(display, 1, "", f"cannot be read: {error.strerror}")
            return None
    if len(data) > limit:
        problems.add(
            display, 1, "", f"is larger than {limit // (1024 * 1024)} MB, the limit for this file"
        )
        return None
    return data


def writable_folder(root: Path, *names: str) -> Path:
    """`root/names...`, created if missing; OSError if any part of it is a symbolic link.

    Commands write only through this, so that a linked `snapshots/` or journey
    folder cannot send a file outside the content folder.
    """
    folder = root
    for name in names:
        if name in ("", ".", "..") or "/" in name or "\\" in name:
            raise OSError(f"{name!r} is not a folder name")
        folder = folder / name
        if is_link(folder):
            raise LinkRefused(folder)
        folder.mkdir(exist_ok=True)
    return folder


class LinkRefused(OSError):
    """A path journeymap would write through is a symbolic link."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: {LINK_REFUSED}")
        self.path = path
