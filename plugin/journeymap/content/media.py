"""Files under `media/` that content names: checked, then published as they are.

Content is untrusted and a named path ends up read from disk and copied into the
site, so a name is taken only when it stays inside `media/`: no absolute path,
no `..`, no link (of a file or of a folder on the way) that leads out. Only the
file types that browsers show safely are allowed; images must really be what
their name says (their header is read for the page's width and height, which
are bounded), and SVG pictures, which can carry script when opened on their own,
must pass an allowlist (`content/svg.py`). Names are bounded too: a name the file
system cannot hold is a content problem, not an error of the machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from journeymap.content import limits
from journeymap.content.documents import Document, Loc
from journeymap.content.imagesize import HEADER_BYTES, image_size, size_problem
from journeymap.content.problems import Problems, did_you_mean
from journeymap.content.schema import Media
from journeymap.content.svg import svg_problem
from journeymap.formatting import file_size

MediaKind = Literal["image", "audio", "video", "document"]

KINDS: dict[str, MediaKind] = {
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".svg": "image",
    ".mp3": "audio",
    ".m4a": "audio",
    ".ogg": "audio",
    ".wav": "audio",
    ".mp4": "video",
    ".webm": "video",
    ".pdf": "document",
    ".csv": "document",
    ".txt": "document",
}
"""Allowed file types by extension (lowercase), and how pages show them."""

DEFAULT_MAX_BYTES = limits.DEFAULT_MAX_MEDIA_MB * 1000 * 1000
"""The default size limit of one media file (the `max_media_mb` option's default)."""

FOLDER = "media"

_NAME_BYTES = 255
"""What file systems allow for one folder or file name (in UTF-8)."""


@dataclass(frozen=True)
class MediaFile:
    """A checked file under `media/`, to be published at `/media/<path>`."""

    path: str
    """The path under `media/`, with `/` between folders, as content names it."""
    source: Path
    """Where it is on disk (inside the media folder)."""
    kind: MediaKind
    size: int
    """In bytes."""
    width: int | None = None
    height: int | None = None

    @property
    def type_name(self) -> str:
        """`PDF`, `CSV`, `PNG`: the file type as readers know it."""
        return PurePosixPath(self.path).suffix.lstrip(".").upper()

    @property
    def size_text(self) -> str:
        return file_size(self.size)


class MediaFolder:
    """The content's `media/` folder: checks the names content gives, remembers the files."""

    def __init__(
        self,
        content_root: Path,
        show: Callable[[Path], str],
        problems: Problems,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.root = content_root / FOLDER
        self.show = show
        self.problems = problems
        self.max_bytes = max_bytes
        self.named: dict[str, MediaFile] = {}
        """Every file content names, by path."""
        self._checked: dict[str, MediaFile | str] = {}
        self._listing: list[str] | None = None
        self._inside: Path | None = self._real_root(content_root)

    def _real_root(self, content_root: Path) -> Path | None:
        """The media folder's real path; None (and a problem) if it is a link leaving content."""
        if not self.root.is_dir():
            return self.root.resolve()
        real = self.root.resolve()
        if not real.is_relative_to(content_root.resolve()):
            self.problems.add(
                self.show(self.root),
                0,
                "",
                "is a link to a folder outside the content folder: move the files into it",
            )
            return None
        return real

    def check(self, name: str, document: Document, loc: Loc) -> MediaFile | None:
        """The file `name` (a path under `media/`), or None with the problem reported at `loc`."""
        if self._inside is None:
            return None  # the folder itself is refused, once
        if name not in self._checked:
            self._checked[name] = self._check(name, self._inside)
        found = self._checked[name]
        if isinstance(found, str):
            document.report(self.problems, loc, found)
            return None
        self.named[found.path] = found
        return found

    def check_entries(self, items: Sequence[Media], document: Document, prefix: Loc) -> None:
        """`media` entries: each file, and a text alternative for each picture."""
        for index, item in enumerate(items):
            found = self.check(item.file, document, (*prefix, index, "file"))
            if found is not None and found.kind == "image" and not item.alt:
                document.report(
                    self.problems,
                    (*prefix, index),
                    f"'{item.file}' is a picture: add 'alt', a short text saying what it "
                    "shows, for readers who cannot see it",
                )

    def unused(self) -> tuple[str, ...]:
        """Files under `media/` that no content names (they are not published)."""
        return tuple(p for p in self.listing() if p not in self.named)

    def listing(self) -> list[str]:
        """Every file under `media/` (hidden ones and links' targets aside), sorted."""
        if self._listing is None:
            self._listing = []
            if self._inside is not None and self.root.is_dir():
                for folder, dirs, files in os.walk(self.root):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    base = Path(folder).relative_to(self.root)
                    self._listing += [(base / f).as_posix() for f in files if not f.startswith(".")]
            self._listing.sort()
        return self._listing

    def _check(self, name: str, inside: Path) -> MediaFile | str:
        """The file, or the words of what is wrong with its name."""
        example = "name a file under media/, such as 'research/interviews.pdf'"
        if "\\" in name:
            return f"'{name}': separate folders with '/', not '\\'"
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
            return f"'{name}' is an absolute path: {example}"
        parts = name.split("/")
        if ".." in parts:
            return f"'{name}' leaves the media folder ('..'): {example}"
        if "" in parts or "." in parts:
            plain = "/".join(p for p in parts if p not in ("", "."))
            return f"'{name}' is not a plain path: write '{plain}'"
        unfit = _name_problem(name, parts)
        if unfit:
            return unfit
        suffix = PurePosixPath(name).suffix.lower()
        kind = KINDS.get(suffix)
        if kind is None:
            allowed = ", ".join(k.lstrip(".") for k in KINDS)
            shown = f"'{suffix}' files are" if suffix else "files without an extension are"
            return f"'{name}': {shown} not allowed: use {allowed}"
        path = self.root / name
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(inside):
            return f"'{name}' is a link that leads outside the media folder: copy the file in"
        if not path.exists():
            return self._not_found(name)
        if not path.is_file():
            return f"'{name}' is {'a folder' if path.is_dir() else 'not a regular file'}"
        return self._file(name, real, kind, suffix)

    def _not_found(self, name: str) -> str:
        listing = self.listing()
        inside = name.removeprefix(FOLDER + "/")
        if inside != name and inside in listing:
            hint = f" (paths start inside media/: write '{inside}')"
        else:
            hint = did_you_mean(name, listing)
        return f"'{name}' is not in {self.show(self.root)}/" + hint

    def _file(self, name: str, real: Path, kind: MediaKind, suffix: str) -> MediaFile | str:
        try:
            size = real.stat().st_size
            with real.open("rb") as stream:
                # An SVG is read whole (to the limit, and one byte over to see it passed).
                whole = limits.MAX_SVG_BYTES + 1 if suffix == ".svg" else HEADER_BYTES
                head = stream.read(whole) if kind == "image" else b""
        except OSError as error:
            return f"'{name}' cannot be read: {error.strerror}"
        if size > self.max_bytes:
            return (
                f"'{name}' is {file_size(size)}, over the {file_size(self.max_bytes)} limit "
                "for media files: make it smaller, or raise the site's max_media_mb option"
            )
        if suffix == ".svg":
            problem = svg_problem(head)
            return f"'{name}' {problem}" if problem else MediaFile(name, real, kind, size)
        if kind == "image":
            found = image_size(suffix, head)
            if found is None:
                label = suffix.lstrip(".").upper().replace("JPG", "JPEG")
                return (
                    f"'{name}' is not a {label} image: save it again as {label}, "
                    "or name it for the type it is"
                )
            problem = size_problem(*found)
            if problem:
                return f"'{name}' {problem}"
            return MediaFile(name, real, kind, size, *found)
        return MediaFile(name, real, kind, size)


def _name_problem(name: str, parts: list[str]) -> str | None:
    """A name the file system cannot hold (or too long for the site's folder), in words."""
    if re.search(r"[\x00-\x1f\x7f]", name):
        return f"'{name}' has a control character, which file names cannot hold: remove it"
    for part in parts:
        # surrogatepass: measuring never fails, whatever the text.
        if (
            len(part) > limits.MAX_MEDIA_NAME_CHARS
            or len(part.encode(errors="surrogatepass")) > _NAME_BYTES
        ):
            return (
                f"'{name[:40]}…': the name '{part[:20]}…' is too long for a file system "
                f"(at most {limits.MAX_MEDIA_NAME_CHARS} characters, fewer with accents or "
                "other alphabets): shorten it"
            )
    if len(name) > limits.MAX_MEDIA_PATH_CHARS:
        return (
            f"'{name[:40]}…' is {len(name):,} characters long, over the limit of "
            f"{limits.MAX_MEDIA_PATH_CHARS} for a path under media/: shorten its folder "
            "and file names"
        )
    return None
