"""Reading content files into plain data that remembers where each value came from.

YAML is read with PyYAML's *safe* machinery only: we compose the node tree ourselves
and build the data from it, recording the line of every value under its path
(`("stages", 3, "emotion", "score")`). Validators report paths; this module turns
them back into lines. Tags outside the YAML core schema (`!!python/object/apply`,
custom `!tags`) are reported as problems and never constructed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.content import hints, limits
from journeymap.content.access import read_limited
from journeymap.content.build_cache import Section, code_digest
from journeymap.content.problems import Problems

Loc = tuple[str | int, ...]

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CODE = code_digest(sys.modules[__name__], hints, limits) + yaml.__version__
"""Part of every parsed document's key: documents kept on disk by other code are not used."""


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
    text: str = ""
    """The file's text, for hints that quote a line of it."""

    def source_line(self, line: int) -> str:
        """The text of a 1-based line of the file ("" when unknown)."""
        lines = self.text.split("\n")
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def where(self, loc: Loc) -> str:
        """`loc` as authors think of it: a stage by its id (or title) and its place."""
        if len(loc) < 2 or loc[0] != "stages" or not isinstance(loc[1], int):
            return format_loc(loc)
        stages = self.data.get("stages") if isinstance(self.data, dict) else None
        stage = stages[loc[1]] if isinstance(stages, list) and loc[1] < len(stages) else None
        place = hints.ordinal(loc[1] + 1)
        name = next(
            (
                stage[key]
                for key in ("id", "title")
                if isinstance(stage, dict) and isinstance(stage.get(key), str) and stage[key]
            ),
            None,
        )
        label = f"stage '{name}' ({place})" if name else f"{place} stage"
        rest = format_loc(loc[2:])
        return f"{label}: {rest}" if rest else label

    def line_of(self, loc: Loc) -> int:
        """Line of the value at `loc`, or of its nearest recorded ancestor."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def report(self, problems: Problems, loc: Loc, what: str) -> None:
        """Record a problem about the value at `loc` of this document."""
        problems.add(self.path, self.line_of(loc), self.where(loc), what)


class DocumentCodec:
    """A parsed document as JSON data, for the build cache (its `documents`): never code.

    YAML gives JSON's values plus dates; a date is written as an object with the one
    key `\\0d` (a time: `\\0t`), and a content key that starts with `\\0` gets one more
    in front, so that no mapping of the content is ever read back as a date.
    """

    name = "document"

    def encode(self, document: Document) -> Any:
        return {
            "path": document.path,
            "data": _encode_value(document.data),
            "lines": [[list(loc), line] for loc, line in document.lines.items()],
            "broken": [list(loc) for loc in document.broken],
            "text": document.text,
        }

    def decode(self, data: Any) -> Document:
        lines = {_loc(loc): _whole(line) for loc, line in data["lines"]}
        broken = {_loc(loc) for loc in data["broken"]}
        path, text = data["path"], data["text"]
        if not isinstance(path, str) or not isinstance(text, str):
            raise TypeError("path and text must be texts")
        return Document(path, _decode_value(data["data"]), lines, broken, text)


def _encode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {("\0" + k if k.startswith("\0") else k): _encode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"\0t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"\0d": value.isoformat()}
    return value


def _decode_value(data: Any) -> Any:
    if isinstance(data, dict):
        if len(data) == 1:
            ((key, text),) = data.items()
            if key == "\0d":
                return dt.date.fromisoformat(text)
            if key == "\0t":
                return dt.datetime.fromisoformat(text)
        return {k.removeprefix("\0"): _decode_value(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_decode_value(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        raise ValueError("not a finite number")
    return data


def _loc(data: Any) -> Loc:
    if not isinstance(data, list) or not all(
        isinstance(part, str) or _is_whole(part) for part in data
    ):
        raise TypeError("a place in a document is a list of names and positions")
    return tuple(data)


def _whole(data: Any) -> int:
    if not _is_whole(data):
        raise TypeError("a line is a whole number")
    return int(data)


def _is_whole(data: Any) -> bool:
    return isinstance(data, int) and not isinstance(data, bool)


def read_bytes(
    path: Path, display: str, problems: Problems, *, limit: int = limits.MAX_YAML_BYTES
) -> bytes | None:
    """The file's bytes; None (and a problem) if it cannot be read, is a link or is too large."""
    return read_limited(path, display, limit, problems)


def read_text(
    path: Path, display: str, problems: Problems, *, limit: int = limits.MAX_YAML_BYTES
) -> str | None:
    """The file as text, accepting a UTF-8 byte-order mark; None (and a problem) if unreadable."""
    raw = read_bytes(path, display, problems, limit=limit)
    return None if raw is None else decode(raw, display, problems)


RESAVE_AS_UTF8 = (
    'save the file again as UTF-8 (in Excel: Save As "CSV UTF-8"; in a text editor: '
    'encoding "UTF-8")'
)


def decode(
    raw: bytes, display: str, problems: Problems, advice: str = RESAVE_AS_UTF8
) -> str | None:
    """UTF-8 text, with or without a byte-order mark; None (and a problem) if it is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1]
        try:  # Windows-1252 is what Excel and Windows editors usually write instead
            seen = f", '{byte.decode('cp1252')}' in Windows-1252"
        except UnicodeDecodeError:
            seen = ""
        problems.add(
            display, line, "", f"is not valid UTF-8 (byte 0x{byte[0]:02x}{seen}): {advice}"
        )
        return None


def load_yaml(
    path: Path,
    display: str,
    problems: Problems,
    parsed: Section[Document] | None = None,
) -> Document | None:
    """Load one YAML file safely; None when it cannot be read or parsed (problems say why).

    With `parsed`, a file whose text was parsed cleanly before is not parsed again: on
    a large site, parsing the journeys is most of the loading.
    """
    text = read_text(path, display, problems)
    if text is None:
        return None
    key = hashlib.sha256(f"{_CODE}\0{display}\0{text}".encode()).hexdigest()
    document = parsed.get(key) if parsed else None
    if document is None:
        before = len(problems)
        document = parse_yaml(text, display, problems)
        if parsed is not None and document is not None and len(problems) == before:
            parsed.keep(key, document)
    return document


def parse_yaml(text: str, display: str, problems: Problems) -> Document | None:
    """A YAML text as a Document; None when it cannot be parsed (problems say why).

    Every limit of `limits` is enforced here, while reading, so that no file can make
    the reader recurse, hang or grow without bound.
    """
    text = _check_characters(text, display, problems)
    fixes: set[int] = set()  # lines given the text a message says to write
    for _ in range(limits.MAX_SYNTAX_FIXES + 1):
        try:
            loader, node = _parsed(text)
            break
        except _OverLimit as error:
            problems.add(display, error.line, "", error.what)
            return None
        except yaml.MarkedYAMLError as error:
            line, where, what = _syntax_error(error)
            if line in fixes:
                return None  # about a line written from a message: that message stands
            problems.add(display, line, where, what)
            # With the line the message gives in its place, the rest of the file is read
            # too, and its problems reported in the same run (the file stays in error).
            fix = hints.syntax_fix(error)
            lines = text.split("\n")
            if fix is None or fix[0] + 1 in fixes or lines[fix[0]] == fix[1]:
                return None  # no line to write, or one written before did not do
            if len(text) * (len(fixes) + 1) > limits.MAX_REREAD_CHARS:
                return None  # a file this large is not read over and over
            lines[fix[0]] = fix[1]
            text = "\n".join(lines)
            fixes.add(fix[0] + 1)
        except yaml.YAMLError as error:
            problems.add(display, 1, "", f"YAML syntax error: {error}")
            return None
    else:
        return None  # more slips than are worth a read each
    document = _document(text, display, problems, loader, node)
    if document is not None and fixes:
        # What those lines hold is the message's guess, not the author's text: checked
        # no further (one problem per slip).
        document.broken |= {loc for loc, line in document.lines.items() if line in fixes}
    return document


def _parsed(text: str) -> tuple[yaml.SafeLoader, Node | None]:
    """The loader and the node tree of a text; raises on a syntax error or a limit."""
    # libyaml parses several times faster; on an error, the pure-Python parser reads
    # the file again for its more precise messages (errors are rare, speed is not then).
    loader: yaml.SafeLoader = _FastLoader(text)
    try:
        return loader, _compose(loader)
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" in str(error.problem) and error.problem_mark:
            # libyaml stops at 1,000 levels; PyYAML's own scanner would take
            # quadratic time to reach that far, so do not read it again.
            raise _OverLimit(error.problem_mark.line + 1, _TOO_DEEP) from None
        loader.dispose()
        loader = yaml.SafeLoader(text)
        return loader, _compose(loader)
    finally:
        loader.dispose()


def _document(
    text: str, display: str, problems: Problems, loader: yaml.SafeLoader, node: Node | None
) -> Document | None:
    """The Document of a parsed text; None when it holds nothing or too much."""
    if node is None:
        problems.add(display, 1, "", "is empty")
        return None
    document = Document(display, None, text=text)
    builder = _Builder(loader, document, problems)
    try:
        document.data = builder.build(node, ())
    except _OverLimit as error:
        problems.add(display, error.line, "", error.what)
        return None
    for line, loc, what in builder.later:  # worded once the data can name the stage
        problems.add(display, line, document.where(loc), what)
    return document


# What YAML allows in a file (PyYAML's Reader.NON_PRINTABLE), less the three characters
# YAML 1.1 counts as line breaks but editors do not (NEL, LINE and PARAGRAPH SEPARATOR):
# with them, every later line number would be off.
_NOT_ALLOWED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_SEPARATORS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def _check_characters(text: str, display: str, problems: Problems) -> str:
    """Report characters YAML does not allow or misreads, one problem per line.

    They are replaced by spaces, so that the rest of the file is still checked and
    every later problem has its right line.
    """
    reported = 0
    last_line = 0
    for match in _NOT_ALLOWED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line == last_line:
            continue
        last_line = line
        reported += 1
        if reported > limits.MAX_CHARACTER_PROBLEMS:
            problems.add(display, line, "", "more lines with characters YAML does not allow")
            break
        char = match[0]
        if char in _SEPARATORS:
            what = (
                f"contains an invisible {_SEPARATORS[char]} (U+{ord(char):04X}), which YAML "
                "reads as a line break but editors do not: delete it"
            )
        else:
            what = f"contains the character U+{ord(char):04X}, which YAML does not allow: delete it"
        problems.add(display, line, "", what)
    return _NOT_ALLOWED.sub(" ", text) if reported else text


class _OverLimit(Exception):
    """A file goes over one of the limits; `what` names it."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line = line
        self.what = what


_TOO_DEEP = f"nested more than {limits.MAX_DEPTH} levels deep, the limit for a file"
_START_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_END_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _compose(loader: Any) -> Node | None:
    """The single document of the stream as a node tree, composed without recursion.

    PyYAML's composer recurses once per level of nesting (libyaml's crashes the
    process at about 30,000 levels); this one keeps its own stack, and stops at
    `MAX_DEPTH` levels and `MAX_ALIASES` aliases. (`loader` is a SafeLoader or a
    CSafeLoader: typed Any, as PyYAML's stubs leave the event API untyped.)
    """
    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # DocumentStart
    anchors: dict[str, Node] = {}
    open_nodes: list[tuple[Node, list[Node]]] = []  # a collection, and a key awaiting its value
    aliases = 0
    root: Node | None = None
    while root is None:
        event = loader.get_event()
        node: Node
        if isinstance(event, _END_EVENTS):
            node, _ = open_nodes.pop()
            node.end_mark = event.end_mark
            if not open_nodes:
                root = node
            continue
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            node = _aliased(event, anchors, aliases)
        else:
            node = _new_node(loader, event, depth=len(open_nodes))
            if event.anchor is not None:
                anchors[event.anchor] = node
        if open_nodes:
            _attach(node, *open_nodes[-1])
        else:
            root = node
        if isinstance(event, _START_EVENTS):
            open_nodes.append((node, []))
            root = None
    loader.get_event()  # DocumentEnd
    _expect_stream_end(loader, root)
    return root


def _aliased(event: Any, anchors: dict[str, Node], aliases: int) -> Node:
    """The node an alias (`*name`) stands for; `aliases` counts those of the file so far."""
    start: Any = event.start_mark
    if event.anchor not in anchors:
        raise yaml.composer.ComposerError(
            None, None, f"found undefined alias '{event.anchor}'", start
        )
    if aliases > limits.MAX_ALIASES:
        raise _OverLimit(
            start.line + 1,
            f"more than {limits.MAX_ALIASES} YAML aliases (*name), the limit for a file",
        )
    return anchors[event.anchor]


def _new_node(loader: Any, event: Any, *, depth: int) -> Node:
    """The node a scalar or the start of a collection begins, `depth` collections deep,
    its tag resolved as PyYAML's composer resolves it."""
    start: Any = event.start_mark  # libyaml's marks or PyYAML's: the same fields
    if isinstance(event, yaml.ScalarEvent):
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        end: Any = event.end_mark
        return ScalarNode(tag, event.value, start, end, event.style)
    if isinstance(event, _START_EVENTS):
        if depth >= limits.MAX_DEPTH:
            raise _OverLimit(start.line + 1, _TOO_DEEP)
        kind = SequenceNode if isinstance(event, yaml.SequenceStartEvent) else MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(kind, None, event.implicit)
        return kind(tag, [], start, None, flow_style=event.flow_style)
    # The parser yields no other event inside a document.
    raise yaml.composer.ComposerError(None, None, f"unexpected {event}", start)  # pragma: no cover


def _attach(node: Node, parent: Node, pending: list[Node]) -> None:
    """Put `node` in the open collection `parent`: a mapping's key waits in `pending`
    until its value comes."""
    if not isinstance(parent, MappingNode):
        parent.value.append(node)
    elif pending:
        parent.value.append((pending.pop(), node))
    else:
        pending.append(node)


def _expect_stream_end(loader: Any, root: Node | None) -> None:
    """A file holds one document: a second is an error, as PyYAML's composer says it."""
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        assert root is not None
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            root.start_mark,
            "but found another document",
            event.start_mark,
        )


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """(line, where, what) of a YAML syntax error, pointing where the author should look."""
    mark = error.problem_mark or error.context_mark
    hint = hints.syntax(error)
    if hint is not None:
        return hint[0], "", hint[1]
    what = f"YAML syntax error: {error.problem or error.context}"
    if error.context and error.context_mark and error.problem_mark:
        opened = error.context_mark.line + 1
        if "end of stream" in (error.problem or ""):
            # An unclosed quote or bracket: the end of the file is not where to look.
            mark = error.context_mark
        what += f" ({error.context} on line {opened})"
    return (mark.line + 1 if mark else 1), "", what


_CORE_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}": name
    for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Builder:
    """Turns a composed YAML node tree into plain data, recording lines by path."""

    def __init__(self, loader: yaml.SafeLoader, document: Document, problems: Problems) -> None:
        self.loader = loader
        self.document = document
        self.problems = problems
        self._active: set[int] = set()  # nodes being built: catches recursive aliases
        self._values = 0  # values built, aliases expanded: bounded by MAX_VALUES
        self.later: list[tuple[int, Loc, str]] = []
        """Problems found while building: (line, loc, what), reported once it is built."""

    def _count(self, node: Node, values: int = 1) -> None:
        self._values += values
        if self._values > limits.MAX_VALUES:
            raise _OverLimit(
                node.start_mark.line + 1,
                f"holds more than {limits.MAX_VALUES:,} values once YAML aliases are "
                "expanded, the limit for a file",
            )

    def build(self, node: Node, loc: Loc) -> Any:
        self.document.lines[loc] = node.start_mark.line + 1
        self._count(node)
        if id(node) in self._active:
            self._report(loc, "a YAML alias refers to itself")
            return None
        if len(loc) > limits.MAX_DEPTH:  # aliases can nest what the composer saw as shallow
            self.document.broken.add(loc)
            self.document.report(
                self.problems, loc, f"nested more than {limits.MAX_DEPTH} levels deep, the limit"
            )
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

    def _report(self, loc: Loc, what: str) -> None:
        self.later.append((self.document.line_of(loc), loc, what))

    def _unsupported_tag(self, node: Node, loc: Loc) -> None:
        self.document.broken.add(loc)
        self._report(loc, f"the YAML tag '{node.tag}' is not allowed in content files")

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any] | None:
        if node.tag != _MAP_TAG:
            self._unsupported_tag(node, loc)
            return None
        merged = self._merged(node, loc, {id(node)})
        written = [(k, v) for k, v in node.value if k.tag != _MERGE_TAG]
        result: dict[Any, Any] = {}
        seen: set[str] = set()  # keys written in this mapping (they may override merged ones)
        for key_node, value_node in merged + written:
            key = self._scalar(key_node, loc) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self.later.append((key_node.start_mark.line + 1, loc, "keys must be names"))
                continue
            key = str(key)
            if (key_node, value_node) in written:
                if key in seen:
                    line = key_node.start_mark.line + 1
                    self.later.append((line, (*loc, key), "appears twice in the same mapping"))
                seen.add(key)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _merged(self, node: MappingNode, loc: Loc, active: set[int]) -> list[tuple[Node, Node]]:
        """The pairs `<<` merge keys bring into a mapping, in PyYAML's order.

        PyYAML's own `flatten_mapping` raises on a merge of a non-mapping, recurses
        for ever on a mapping that merges itself, and copies pairs without bound.
        """
        pairs: list[tuple[Node, Node]] = []
        for key, value in node.value:
            if key.tag != _MERGE_TAG:
                continue
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for source in reversed(sources):  # earlier mappings win: they go last
                line = source.start_mark.line + 1
                if not isinstance(source, MappingNode) or source.tag != _MAP_TAG:
                    self.problems.add(
                        self.document.path,
                        line,
                        format_loc((*loc, "<<")),
                        "a YAML merge key (<<) needs a mapping, or a list of mappings, to merge",
                    )
                    continue
                if id(source) in active:
                    self.problems.add(
                        self.document.path,
                        line,
                        format_loc((*loc, "<<")),
                        "a YAML merge key (<<) refers to the mapping it is in",
                    )
                    continue
                inner = self._merged(source, loc, active | {id(source)})
                inner += [(k, v) for k, v in source.value if k.tag != _MERGE_TAG]
                self._count(source, len(inner))
                pairs += inner
        return pairs

    def _sequence(self, node: SequenceNode, loc: Loc) -> list[Any] | None:
        if node.tag != _SEQ_TAG:
            self._unsupported_tag(node, loc)
            return None
        return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]

    def _scalar(self, node: Node, loc: Loc) -> Any:
        kind = _CORE_SCALAR_TAGS.get(node.tag)
        if kind is None:
            self._unsupported_tag(node, loc)
            return None
        text = str(node.value)
        if len(text) > limits.MAX_TEXT_CHARS:
            return self._broken(
                loc, f"is {len(text):,} characters long: the limit is {limits.MAX_TEXT_CHARS:,}"
            )
        if node.tag in _NUMBER_TAGS and len(text) > limits.MAX_NUMBER_CHARS:
            return self._broken(loc, f"{quote(text)} is too long to be a number")
        if kind not in ("str", "null") and not self._looks_like(node.tag, text):
            # An explicit tag (`!!bool maybe`): PyYAML's constructors assume the value
            # was recognised as one, and fail with Python errors when it was not.
            return self._broken(loc, f"{quote(text)} is not a valid {kind} (the tag !!{kind})")
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError as error:  # e.g. 2026-13-01 looks like a date but is not one
            return self._broken(loc, f"{quote(text)} is not valid: {error}")
        if isinstance(value, float) and not math.isfinite(value):
            return self._broken(loc, f"{quote(text)} is not a finite number")
        big = isinstance(value, (int, float)) and abs(value) > limits.MAX_NUMBER
        if big and not isinstance(value, bool):
            return self._broken(loc, f"{quote(text)} is larger than {LARGEST}, the limit")
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            if not limits.MIN_DATE <= day <= limits.MAX_DATE:
                return self._broken(
                    loc,
                    f"{text} is outside the years {limits.MIN_DATE.year} to "
                    f"{limits.MAX_DATE.year}, the limit for dates",
                )
        return value

    def _looks_like(self, tag: str, text: str) -> bool:
        """True when YAML itself would read `text` as a value of `tag` (floats take ints)."""
        resolver: Any = self.loader  # PyYAML's stubs leave `resolve` untyped
        implicit = resolver.resolve(ScalarNode, text, (True, False))
        return implicit == tag or (tag == _NUMBER_TAGS[1] and implicit == _NUMBER_TAGS[0])

    def _broken(self, loc: Loc, what: str) -> None:
        self.document.broken.add(loc)
        self._report(loc, what)


LARGEST = f"{int(limits.MAX_NUMBER):,}"
"""The largest number allowed, as messages show it."""


def quote(value: str, length: int = 60) -> str:
    """`'value'` for messages: one line, and shortened when long."""
    shown = value if len(value) <= length else value[: length - 1] + "…"
    return repr(shown) if not shown.isprintable() else f"'{shown}'"
