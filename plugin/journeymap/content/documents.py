"""Reading content files into plain data that remembers where each value came from.

YAML is read with PyYAML's *safe* machinery only: we compose the node tree ourselves
and build the data from it, recording the line of every value under its path
(`("stages", 3, "emotion", "score")`). Validators report paths; this module turns
them back into lines. Tags outside the YAML core schema (`!!python/object/apply`,
custom `!tags`) are reported as problems and never constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.content.problems import Problems

Loc = tuple[str | int, ...]

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def format_loc(loc: Loc) -> str:
    """`("stages", 3, "emotion", "score")` -> `stages[3].emotion.score`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class Document:
    """The data of one content file and the line of every value in it."""

    path: str
    """Display path used in messages (relative to the folder the user works in)."""
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    broken: set[Loc] = field(default_factory=set)
    """Values already reported while reading (bad tag, bad date): validators skip them."""

    def line_of(self, loc: Loc) -> int:
        """Line of the value at `loc`, or of its nearest recorded ancestor."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def report(self, problems: Problems, loc: Loc, what: str) -> None:
        """Record a problem about the value at `loc` of this document."""
        problems.add(self.path, self.line_of(loc), format_loc(loc), what)


def read_bytes(path: Path, display: str, problems: Problems) -> bytes | None:
    """The file's bytes; None (and a problem) if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        problems.add(display, 1, "", f"cannot be read: {error.strerror}")
        return None


def read_text(path: Path, display: str, problems: Problems) -> str | None:
    """The file as text, accepting a UTF-8 byte-order mark; None (and a problem) if unreadable."""
    raw = read_bytes(path, display, problems)
    return None if raw is None else decode(raw, display, problems)


def decode(raw: bytes, display: str, problems: Problems) -> str | None:
    """UTF-8 text, with or without a byte-order mark; None (and a problem) if it is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(display, line, "", f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})")
        return None


def load_yaml(path: Path, display: str, problems: Problems) -> Document | None:
    """Load one YAML file safely; None when it cannot be read or parsed (problems say why)."""
    text = read_text(path, display, problems)
    if text is None:
        return None
    # libyaml parses several times faster; on an error, the pure-Python parser reads
    # the file again for its more precise messages (errors are rare, speed is not then).
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            problems.add(display, *_syntax_error(error))
            return None
        except yaml.YAMLError as error:
            problems.add(display, 1, "", f"YAML syntax error: {error}")
            return None
    finally:
        loader.dispose()
    if node is None:
        problems.add(display, 1, "", "is empty")
        return None
    document = Document(display, None)
    builder = _Builder(loader, document, problems)
    document.data = builder.build(node, ())
    return document


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """(line, where, what) of a YAML syntax error, pointing where the author should look."""
    mark = error.problem_mark or error.context_mark
    what = f"YAML syntax error: {error.problem or error.context}"
    if error.problem == "mapping values are not allowed here":
        what += " (put text that contains ': ' in quotes)"
    if error.context and error.context_mark and error.problem_mark:
        opened = error.context_mark.line + 1
        if "end of stream" in (error.problem or ""):
            # An unclosed quote or bracket: the end of the file is not where to look.
            mark = error.context_mark
        what += f" ({error.context} on line {opened})"
    return (mark.line + 1 if mark else 1), "", what


class _Builder:
    """Turns a composed YAML node tree into plain data, recording lines by path."""

    def __init__(self, loader: yaml.SafeLoader, document: Document, problems: Problems) -> None:
        self.loader = loader
        self.document = document
        self.problems = problems
        self._active: set[int] = set()  # nodes being built: catches recursive aliases

    def build(self, node: Node, loc: Loc) -> Any:
        self.document.lines[loc] = node.start_mark.line + 1
        if id(node) in self._active:
            self.document.report(self.problems, loc, "a YAML alias refers to itself")
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
            if isinstance(node, SequenceNode):
                return self._sequence(node, loc)
            return self._scalar(node, loc)
        finally:
            self._active.discard(id(node))

    def _unsupported_tag(self, node: Node, loc: Loc) -> None:
        self.document.broken.add(loc)
        self.document.report(
            self.problems, loc, f"the YAML tag '{node.tag}' is not allowed in content files"
        )

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any] | None:
        if node.tag != _MAP_TAG:
            self._unsupported_tag(node, loc)
            return None
        written = [key for key, _ in node.value if key.tag != _MERGE_TAG]
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys, placing them first
        result: dict[Any, Any] = {}
        seen: set[str] = set()  # keys written in this mapping (they may override merged ones)
        for key_node, value_node in node.value:
            key = self._scalar(key_node, loc) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                line = key_node.start_mark.line + 1
                self.problems.add(self.document.path, line, format_loc(loc), "keys must be names")
                continue
            key = str(key)
            if key_node in written:
                if key in seen:
                    self.problems.add(
                        self.document.path,
                        key_node.start_mark.line + 1,
                        format_loc((*loc, key)),
                        "appears twice in the same mapping",
                    )
                seen.add(key)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _sequence(self, node: SequenceNode, loc: Loc) -> list[Any] | None:
        if node.tag != _SEQ_TAG:
            self._unsupported_tag(node, loc)
            return None
        return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]

    def _scalar(self, node: Node, loc: Loc) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self._unsupported_tag(node, loc)
        except ValueError as error:  # e.g. 2026-13-01 looks like a date but is not one
            self.document.broken.add(loc)
            self.document.report(self.problems, loc, f"'{node.value}' is not valid: {error}")
        return None
