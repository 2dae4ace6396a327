"""Which SVG pictures may be published: an allowlist applied to the parsed XML.

An SVG opened on its own (the gallery links to it) is a document on the site's
origin: an XHTML `<h:script>` or `<h:iframe>` in it runs, and a `url(http://…)`
in a style, an `<h:img>` or a `@font-face` calls another host. Looking for words
in the text misses namespaces, entities and CSS escapes, so the file is parsed
(expat, the parser of the standard library) and every element, attribute and
style is checked against what drawing needs: SVG elements only, no event
handlers, links only to `#ids` of the same picture, CSS `url()` only to `#ids`,
no `@import` or `@font-face`. No DOCTYPE with declarations is read (its entities
could grow without bound), and no processing instruction (`<?xml-stylesheet?>`
loads a stylesheet).

A picture that breaks a rule is refused, not cleaned: the file published is the
one the author committed, and the message says what to remove. Cleaning would
publish a picture that differs from it without a word (a removed style can
change every colour).
"""

from __future__ import annotations

import re
from xml.parsers import expat

from journeymap.content import limits
from journeymap.content.imagesize import size_problem

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

_FILTERS = (
    "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
    "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA "
    "feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset "
    "fePointLight feSpecularLighting feSpotLight feTile feTurbulence"
)
ELEMENTS = frozenset(
    (
        "svg g defs desc title metadata symbol use switch style "
        "path rect circle ellipse line polyline polygon text tspan textPath "
        "linearGradient radialGradient stop pattern clipPath mask marker filter " + _FILTERS
    ).split()
)
"""SVG elements that only draw. Left out: script, foreignObject, a, image, feImage,
animations (`<set attributeName="href">` changes a link), fonts, cursors, media."""

ATTRIBUTES = frozenset(
    (
        "id", "class", "style", "lang", "tabindex", "role", "focusable", "version", "baseProfile",
        "width", "height", "viewBox", "preserveAspectRatio", "x", "y", "zoomAndPan", "transform",
        "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2", "points", "d", "pathLength", "dx",
        "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
        "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "fr", "offset",
        "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
        "maskContentUnits", "markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient",
        "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "type",
        "values", "operator", "k1", "k2", "k3", "k4", "order", "kernelMatrix", "divisor", "bias",
        "targetX", "targetY", "edgeMode", "preserveAlpha", "surfaceScale", "diffuseConstant",
        "specularConstant", "specularExponent", "kernelUnitLength", "scale", "xChannelSelector",
        "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
        "tableValues", "slope", "intercept", "amplitude", "exponent", "azimuth", "elevation", "z",
        "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "media", "title",
        "requiredFeatures", "requiredExtensions", "systemLanguage", "externalResourcesRequired",
        "enable-background", "alignment-baseline", "baseline-shift", "clip", "clip-path",
        "clip-rule", "color", "color-interpolation", "color-interpolation-filters",
        "color-rendering", "direction", "display", "dominant-baseline", "fill", "fill-opacity",
        "fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family", "font-size",
        "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
        "glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "kerning",
        "letter-spacing", "lighting-color", "marker", "marker-start", "marker-mid", "marker-end",
        "mask", "opacity", "overflow", "paint-order", "pointer-events", "shape-rendering",
        "stop-color", "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width",
        "text-anchor", "text-decoration", "text-rendering", "transform-origin", "unicode-bidi",
        "vector-effect", "visibility", "word-spacing", "writing-mode", "mix-blend-mode",
        "isolation",
    )
)  # fmt: skip
"""Attributes without a namespace: geometry, presentation, filters, accessibility.
`data-*` and `aria-*` are allowed too; `href` only to a `#fragment`."""

_NAMESPACED = {(XLINK, "href"), (XLINK, "title"), (XML, "space"), (XML, "lang")}
_HREFS = {("", "href"), (XLINK, "href")}
_FRAGMENT = re.compile(r"\s*#[^\s]*\s*")
_URL = re.compile(r"url\(", re.IGNORECASE)
_SAME_PICTURE_URL = re.compile(r"url\(\s*([\"']?)#[^\"'()\s]*\1\s*\)", re.IGNORECASE)
# The CSS functions that take a URL as a plain string: image-set("…"), image("…"), src("…").
_FETCHING = re.compile(r"(?:-webkit-)?image-set\(|(?<![-\w])(?:image|src)\(", re.IGNORECASE)
_AT_RULE = re.compile(r"@(-?[a-z][-a-z]*)", re.IGNORECASE)
_AT_RULES = frozenset({"media", "supports", "keyframes", "-webkit-keyframes"})
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in|em|ex)?\s*")
_PX = {None: 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_PX |= {"em": 16.0, "ex": 8.0}  # as the browser's default font size makes them
_ONLY_DRAWING = (
    "an SVG picture may only draw (no script, event handlers, other namespaces or "
    "files from elsewhere): export it again without it, or as PNG"
)


class _Refused(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def svg_problem(data: bytes) -> str | None:
    """What keeps this SVG from being published, with the fix, to follow its name; or None.

    `line 1: <h:script> is not an SVG element (...): an SVG picture may only draw ...`
    """
    if len(data) > limits.MAX_SVG_BYTES:
        return (
            f"is larger than {limits.MAX_SVG_BYTES // 1_000_000} MB, the limit for an SVG "
            "picture: simplify it, or export it as PNG"
        )
    check = _Check()
    try:
        check.parser.Parse(data, True)
    except _Refused as refused:
        return f"line {check.parser.CurrentLineNumber}: {refused.what}: {_ONLY_DRAWING}"
    except expat.ExpatError as error:
        return (
            f"line {error.lineno}: is not well-formed XML ({expat.ErrorString(error.code)}), "
            "so browsers show an error instead of the picture: export it again"
        )
    return _size_problem(check.root)


def _css_problem(text: str, *, rules: bool) -> str | None:
    """What in CSS (a style, or a `<style>` when `rules`) could call another host, or None."""
    if "\\" in text:
        return "a CSS escape (\\) can hide a link from this check"
    for url in _URL.finditer(text):
        if not _SAME_PICTURE_URL.match(text, url.start()):
            end = text.find(")", url.start())
            found = text[url.start() : end + 1] if end >= 0 else text[url.start() :]
            return f"{_quote(found)} is a file from elsewhere"
    fetching = _FETCHING.search(text)
    if fetching:
        return f"{fetching[0]}) loads a file from elsewhere"
    if rules:
        for rule in _AT_RULE.finditer(text):
            if rule[1].lower() not in _AT_RULES:
                return f"@{rule[1]} is not allowed (it can load fonts or styles from elsewhere)"
    return None


def _quote(text: str) -> str:
    """A value quoted in a message: one line, at most 40 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


class _Check:
    """The handlers that expat calls as it reads: each raises `_Refused` at the first problem."""

    def __init__(self) -> None:
        # namespace_prefixes: names come as "namespace local prefix", so messages can
        # show `h:script` as the file writes it.
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.namespace_prefixes = True
        self.parser.ordered_attributes = True
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.SkippedEntityHandler = self._skipped_entity
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.depth = 0
        self.root: dict[str, str] = {}
        """The attributes of the `<svg>` element."""
        self.style: list[str] | None = None
        """The text of the `<style>` being read."""

    def _doctype(self, name: str, system: str | None, public: str | None, subset: int) -> None:
        if subset:
            raise _Refused(
                "a DOCTYPE with declarations ([...]) can define entities that grow without bound"
            )

    def _skipped_entity(self, name: str, is_parameter: int) -> None:
        raise _Refused(f"the entity &{name}; is not defined in the picture")

    def _instruction(self, target: str, data: str) -> None:
        raise _Refused(f"the processing instruction <?{target} ...?> is not allowed")

    def _start(self, name: str, attributes: list[str]) -> None:
        namespace, local, shown = _split(name)
        self.depth += 1
        if self.depth > limits.MAX_SVG_DEPTH:
            raise _Refused(f"elements nested more than {limits.MAX_SVG_DEPTH} levels deep")
        if self.style is not None:  # its text would be read in two parts, or not at all
            raise _Refused(f"<style> may hold only CSS, not the element <{shown}>")
        if namespace != SVG:
            raise _Refused(f"<{shown}> is not an SVG element ({_namespace_words(namespace)})")
        if local not in ELEMENTS:
            raise _Refused(f"the element <{shown}> is not allowed")
        if self.depth == 1 and local != "svg":
            raise _Refused(f"the picture starts with <{shown}>, not <svg>")
        for at in range(0, len(attributes), 2):
            _check_attribute(attributes[at], attributes[at + 1])
        if self.depth == 1:
            self.root = dict(zip(attributes[::2], attributes[1::2], strict=True))
        if local == "style":
            self.style = []

    def _text(self, text: str) -> None:
        if self.style is not None:
            self.style.append(text)

    def _end(self, name: str) -> None:
        self.depth -= 1
        if self.style is not None:
            problem = _css_problem("".join(self.style), rules=True)
            if problem:
                raise _Refused(f"<style>: {problem}")
            self.style = None


def _split(name: str) -> tuple[str, str, str]:
    """expat's "namespace local prefix" -> (namespace, local name, name as written)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0], parts[0]
    if len(parts) == 2:
        return parts[0], parts[1], parts[1]
    return parts[0], parts[1], f"{parts[2]}:{parts[1]}"


def _namespace_words(namespace: str) -> str:
    if not namespace:
        return 'no namespace: the picture needs xmlns="http://www.w3.org/2000/svg"'
    return f"its namespace is {_quote(namespace)}"


def _check_attribute(name: str, value: str) -> None:
    namespace, local, shown = _split(name)
    if (namespace, local) in _HREFS:
        if not _FRAGMENT.fullmatch(value):
            raise _Refused(
                f'{shown}="{_quote(value)}" leads outside the picture (only #ids are allowed)'
            )
        return
    if namespace and (namespace, local) not in _NAMESPACED:
        raise _Refused(
            f"the attribute {shown} is not an SVG attribute ({_namespace_words(namespace)})"
        )
    if not namespace and local.lower().startswith("on"):
        raise _Refused(f"{shown}= is an event handler, which runs script")
    allowed = local in ATTRIBUTES or re.fullmatch(r"(data|aria)-[a-z0-9-]+", local)
    if not namespace and not allowed:
        raise _Refused(f"the attribute {shown} is not allowed")
    problem = _css_problem(value, rules=False)
    if problem:
        raise _Refused(f"{shown}: {problem}")


def _size_problem(root: dict[str, str]) -> str | None:
    """The size the browser gives the picture (its width and height, or its viewBox's shape)."""
    width, height = _pixels(root.get("width")), _pixels(root.get("height"))
    if width is not None and height is not None:
        return size_problem(width, height)
    numbers = re.split(r"[\s,]+", root.get("viewBox", "").strip())
    try:
        box = [float(n) for n in numbers]
    except ValueError:
        return None  # browsers ignore a viewBox they cannot read
    if len(box) != 4 or not box[2] > 0 or not box[3] > 0:
        return None
    return size_problem(box[2], box[3], unit="units (its viewBox)", sides=False)


def _pixels(length: str | None) -> float | None:
    """An absolute length in CSS pixels; None for none, a percentage or a wrong value."""
    match = _LENGTH.fullmatch(length or "")
    return float(match[1]) * _PX[match[2]] if match else None
