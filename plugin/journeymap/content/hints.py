"""What to do about the YAML slips CX authors make most, in plain words.

YAML's own messages describe the parser ("expected <block end>, but found '?'"),
and some slips parse into something else entirely: a list item holding `: ` becomes
a mapping, a comma inside `{...}` starts a new field, a field indented one level too
little lands on the item above. These functions recognise the slip from the
parser's error or from the data it produced, and say what to write instead.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


def ordinal(number: int) -> str:
    """1 -> `1st`, 2 -> `2nd`, 11 -> `11th`, 23 -> `23rd`."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def quoted(text: str) -> str:
    """`text` as a YAML quoted string."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def quoted_line(line: str) -> str | None:
    """A source line with its text quoted: `- a: b` -> `- "a: b"`, `k: a: b` -> `k: "a: b"`.

    In a list or mapping written in brackets, only the items that hold `: ` are quoted:
    `k: [a, b: c]` -> `k: [a, "b: c"]`, `k: {x: b: c}` -> `k: {x: "b: c"}`. Quoting the
    whole `[...]` would turn the list into one text.
    """
    stripped = re.sub(r"\s+#.*$", "", line).strip()  # a comment is not part of the text
    if stripped.startswith("- "):
        prefix, text = "- ", stripped[2:].strip()
    else:
        key, sep, text = stripped.partition(": ")
        if not sep or not key or " " in key:
            return None
        prefix = key + ": "
    text = text.strip()
    if text.startswith(("[", "{")):
        inside = _quoted_in_brackets(text)
        return prefix + inside if inside else None
    if text.endswith((",", "]", "}")):
        return None  # one line of a `[...]` written over several: which part is text is unclear
    return prefix + quoted(text) if text else None


def _quoted_in_brackets(text: str) -> str | None:
    """`text`, a `[...]` or `{...}` on one line, with each list item, or each field's value,
    that holds `: ` quoted; None when none does.

    Read character by character, not parsed: the text is the author's (see `_in_brackets`).
    """
    out: list[str] = []
    opened: list[str] = []  # the brackets around the current position, innermost last
    piece = ""  # the text since the last bracket or comma
    at = 0
    while at < len(text):
        char = text[at]
        if char in "'\"" and _starts_value(piece):
            end = _quote_end(text, at)
            piece, at = piece + text[at:end], end  # quoted text stays as it is
            continue
        if char in "[{]},":
            out.append(_quoted_piece(piece, in_mapping=opened[-1:] == ["{"]) + char)
            piece = ""
            if char in "[{":
                opened.append(char)
            elif char != "," and opened:
                opened.pop()
        else:
            piece += char
        at += 1
    result = "".join(out) + piece
    return result if result != text else None


def _starts_value(piece: str) -> bool:
    """Whether a quote after `piece` opens a quoted text (not an apostrophe inside one)."""
    return not piece.strip() or piece.rstrip().endswith(":")


def _quote_end(text: str, start: int) -> int:
    """The index after the quoted text that opens at `start` (the end if it never closes)."""
    mark, at = text[start], start + 1
    while at < len(text):
        if mark == '"' and text[at] == "\\":
            at += 2
        elif text[at] == mark and mark == "'" and text[at + 1 : at + 2] == "'":
            at += 2  # '' is one ' inside '...'
        elif text[at] == mark:
            return at + 1
        else:
            at += 1
    return len(text)


def _quoted_piece(piece: str, *, in_mapping: bool) -> str:
    """One item of a `[...]`, or one `field: value` of a `{...}`, with its text quoted if
    it holds `: `; spaces around it kept."""
    body = piece.strip()
    head = ""
    if in_mapping:
        field, sep, body = body.partition(": ")
        head = field + sep
    if ": " not in body or body.startswith(("'", '"')):
        return piece
    lead = piece[: len(piece) - len(piece.lstrip())]
    tail = piece[len(piece.rstrip()) :]
    return lead + head + quoted(body.strip()) + tail


def syntax(error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """(line, advice) for a YAML syntax error an author commonly makes, or None."""
    advice = _syntax_advice(error)
    if advice is None:
        return None
    mark = error.problem_mark
    if error.problem == "could not find expected ':'" and error.context_mark:
        mark = error.context_mark  # the line that lacks it, not the one after
    return (mark.line + 1 if mark else 1), advice[0]


def syntax_fix(error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """(0-based line, the whole line) that the advice for a syntax error says to write;
    None when it gives no line. The rest of the file can be read with it in place."""
    advice = _syntax_advice(error)
    mark = error.problem_mark
    if advice is None or advice[1] is None or mark is None:
        return None
    line = _lines(mark)[mark.line]
    return mark.line, line[: _indent(line)] + advice[1]


def _lines(mark: Any) -> list[str]:
    return str(getattr(mark, "buffer", "") or "").rstrip("\0").split("\n")


def _syntax_advice(error: yaml.MarkedYAMLError) -> tuple[str, str | None] | None:
    """What to do about a syntax error, and the line to write (without its indentation)
    when the advice gives one."""
    problem = error.problem or ""
    mark = error.problem_mark
    lines = _lines(mark)
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "'\\t'" in problem:
        return (
            "this line is indented with a tab: YAML needs spaces (replace the tab with spaces)",
            None,
        )
    if mark is not None and problem.startswith(_AFTER_A_VALUE):
        closed = _closed_early(line, mark.column, lines[mark.line + 1 :])
        if closed is not None:
            return closed
    if mark is not None and problem.startswith("found character") and "start any token" in problem:
        return _cannot_start(problem, line), quoted_line(line)
    plain = _plain_advice(error, line, lines)
    if plain is None:
        return None
    return plain, quoted_line(line) if plain.startswith(_QUOTE_IT) else None


def _plain_advice(error: yaml.MarkedYAMLError, line: str, lines: list[str]) -> str | None:
    problem = error.problem or ""
    mark = error.problem_mark
    above = next((t for t in reversed(lines[: mark.line]) if t.strip()), "") if mark else ""
    if problem.startswith("expected <block end>"):
        if above.lstrip().startswith("- ") and _indent(line) == _indent(above):
            return (
                "this line is in a list but does not start with '- ': start it with '- ' if "
                "it is a new item, or indent it two more spaces if it belongs to the item above"
            )
        opened = error.context_mark
        return (
            "this line does not line up with the lines above it: indent the fields of one "
            "item, and the items of one list, by the same number of spaces"
            + (f" (the block it belongs to starts on line {opened.line + 1})" if opened else "")
        )
    if problem == "could not find expected ':'":
        return (
            "this line is neither a field (name: value) nor a list item (- text): add what "
            "is missing, or put it on the line above if it continues that text"
        )
    if problem == "mapping values are not allowed here" and mark is not None:
        deeper = _indent(line) > _indent(above) and not above.rstrip().endswith(":")
        if deeper and not above.lstrip().startswith("- "):
            return (
                "this line is indented further than the line above it: line it up with the "
                "fields above it"
            )
        return _quote_advice(line)
    if problem in ("expected ',' or ']', but got ':'", "expected ',' or '}', but got ':'"):
        return _quote_advice(line)  # `[a: b: c]`, `{note: a: b}`: a second ': ' in one item
    return None


_AFTER_A_VALUE = ("expected <block end>", "expected ',' or ']'", "expected ',' or '}'")
"""How YAML reports more text after a value it has read whole (a closed quote)."""


def _closed_early(line: str, column: int, below: list[str]) -> tuple[str, str | None] | None:
    """Advice when a quoted text closed before the author's text ended.

    `- "Check-in" kiosk is slow`: a text that starts with a quotation mark is quoted
    text to YAML, up to the next mark. `note: 'The GP's letter'`: an apostrophe ends
    text that opened with `'`. YAML then finds more text (at `column`) after the value.
    """
    close = len(line[:column].rstrip()) - 1
    if close < 0 or line[close] not in "'\"":
        return None
    opening = next((start for start, end in _quoted_spans(line) if end == close + 1), None)
    if opening is None or not line[:opening].strip():
        return None  # a quoted field name, not a value: another slip
    mark = line[opening]
    in_brackets = any(char in "[{" for char in line[:opening])
    apostrophe = mark == "'" and line[close + 1 : close + 2].isalnum()
    end = _text_end(line, close + 1, mark if apostrophe else None, in_brackets)
    continues = not in_brackets and _continues_below(line, below)
    if apostrophe:
        word = line[opening + 1 : close + 2].split()[-1]
        what = f"the apostrophe in {word} ends the text quoted with ' too early"
        text = line[opening + 1 : end - 1] if end and line[end - 1] == "'" else None
        fallback = "write the text in double quotes instead"
    else:
        shown_text = line[opening : close + 1]
        what = (
            f"a text that starts with a quotation mark ends at the next one: YAML reads "
            f"{shown_text} as the whole text and cannot make sense of the rest"
        )
        text = line[opening:end].rstrip() if end else None
        fallback = f"put the whole text in quotes, its {mark} at the start included"
    if text is None or continues:
        return f"{what}: {fallback}", None
    written = quoted(text)
    rest = re.sub(r"\s+#.*$", "", line[end:])  # a comment is not part of the example
    example = (line[:opening] + written + rest).strip()
    how = "put the whole text in " + (
        "double quotes"
        if written.startswith('"')
        else "single quotes" + (", writing each ' inside it twice" if "'" in text else "")
    )
    return f"{what}: {how}, like {example}", example


def _quoted_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted text on a line that opens where a value starts."""
    spans = []
    piece = ""
    at = 0
    while at < len(line):
        char = line[at]
        if char in "'\"" and (_starts_value(piece) or piece.strip() == "-"):
            end = _quote_end(line, at)
            spans.append((at, end))
            piece, at = piece + line[at:end], end
            continue
        piece = "" if char in "[{," else piece + char
        at += 1
    return spans


def _text_end(line: str, after: int, mark: str | None, in_brackets: bool) -> int | None:
    """Where the text the author meant ends: at the `mark` that closes it (the apostrophe
    case), else before the comma or bracket that follows it, or at the end of the line;
    None when it cannot be told.
    """
    stops = ",]}" if in_brackets else ""
    body = re.sub(r"\s+#.*$", "", line)  # a comment is not part of the text
    for at in range(after, len(body)):
        if mark is not None and body[at] == mark:
            rest = body[at + 1 :].lstrip()
            if not rest or rest[0] in stops:
                return at + 1
        elif mark is None and body[at] in stops:
            return at
    return len(body.rstrip()) if mark is None else None


def _continues_below(line: str, below: list[str]) -> bool:
    """Whether the next line carries on this line's text (it is indented further)."""
    following = next((text for text in below if text.strip()), "")
    return bool(following) and _indent(following) > _indent(line)


def _cannot_start(problem: str, line: str) -> str:
    """`unit: %`: `%`, `@` and `` ` `` may not begin a value unquoted."""
    char = problem.split("'")[1] if problem.count("'") >= 2 else "this character"
    example = quoted_line(line)
    return f"YAML does not allow a value to start with '{char}': put the value in quotes" + (
        f", like {example}" if example else ""
    )


_QUOTE_IT = "this text contains ': ', which YAML reads as a field name: put the text in "


def _quote_advice(line: str) -> str:
    example = quoted_line(line)
    return _QUOTE_IT + (f"quotes, like {example}" if example else "quotes")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def text_as_mapping(value: Any, line: str) -> str | None:
    """Advice when text was expected and a one-field mapping came: a `: ` inside the text."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    return _quote_advice(line)


def split_flow_mapping(mapping: Any, key: str, line: str) -> str | None:
    """Advice for an unknown field that is the tail of a text cut at a comma in `{...}`."""
    if not isinstance(mapping, dict) or mapping.get(key) is not None or "{" not in line:
        return None
    keys = list(mapping)
    index = keys.index(key) if key in keys else 0
    if index == 0:
        return None
    before = keys[index - 1]
    text = f"{mapping[before]}, {key}"
    return (
        "inside { }, a comma starts a new field: put text that contains a comma in quotes, "
        f"like {before}: {quoted(text)}"
    )


def belongs_deeper(mapping: Any, key: str, homes: dict[str, list[str]]) -> str | None:
    """Advice for a field written one level too far left: `score:` under `emotion:`.

    `homes` maps each field of the mapping to the fields of the mapping it may hold.
    """
    if not isinstance(mapping, dict):
        return None
    empty = [name for name, held in homes.items() if key in held and mapping.get(name, 0) is None]
    if len(empty) != 1:
        return None
    return f"'{key}' belongs under '{empty[0]}:': indent it two more spaces than '{empty[0]}:'"


def bare_value_in_list(key: str, value: Any) -> str:
    """Advice for one value where a list belongs: `next: checkout` -> `next: [checkout]`."""
    # Commas may stay as they are: `next: a, b` was most likely meant as two ids.
    return f"write it in brackets, like {key}: [{_in_brackets(value, commas_split=True)}]"


def bare_value_in_mapping(key: str, field: str, value: Any) -> str:
    """Advice for a bare value where a mapping with one required field belongs.

    `emotion: 4` -> `emotion: {score: 4}`, or `score: 4` on its own line below.
    """
    text = _in_brackets(value, commas_split=False)
    return (
        f"write {key}: {{{field}: {text}}}, or '{key}:' with '{field}: {text}' on the line "
        "below it, indented two more spaces"
    )


def bare_value_in_list_of_mappings(key: str, field: str, value: Any) -> str:
    """Advice for a bare value where a list of mappings with one required field belongs.

    `support: Scheduling system` -> `support: [{title: Scheduling system}]`.
    """
    text = _in_brackets(value, commas_split=False)
    return f"write it as a list item, like {key}: [{{{field}: {text}}}]"


def _in_brackets(value: Any, *, commas_split: bool) -> str:
    """`value` as written inside `[...]` or `{...}`: as it is when YAML reads it back as the
    same text (words, digits, `-`, `.`, `/`, spaces), else quoted.

    Decided from the characters, not by parsing: the text is the author's, and YAML would
    nest once per `[` or expand aliases over and over.
    """
    text = str(value)
    parts = [part.strip() for part in text.split(",")] if commas_split else [text]
    plain = all(_PLAIN.fullmatch(part) and part.lower() not in _YAML_WORDS for part in parts)
    return text if plain else quoted(text)


_PLAIN = re.compile(r"[^\W_][\w .\-/]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
"""Plain words YAML 1.1 reads as true, false or nothing, not as text."""
