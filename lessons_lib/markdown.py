"""Markdown with $…$ maths to HTML, for text shown in widgets and in the printable pack.

The question bank, the practice problems and the worked solutions are written in Markdown
with LaTeX between ``$…$`` (inline) or ``$$…$$`` (display). A Markdown parser would read
the ``_`` and ``*`` inside the maths as emphasis, so the maths is set aside first and put
back untouched (HTML-escaped) afterwards; MathJax then typesets it in the browser.
Pure Python (mistune); no plotting here.
"""

from __future__ import annotations

import html
import re

import mistune

__all__ = ["to_html"]

_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(?!\s)(.+?)(?<![\s\\])\$", re.S)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)  # RFC 3986: a scheme starts with a letter


class _Renderer(mistune.HTMLRenderer):
    """mistune's renderer, but a relative link whose #anchor holds a colon (our section
    anchors do: "#3.-One-step-by-hand:-the-exam-answer") is kept: only links with a real
    scheme go through mistune's check (javascript: and the like stay refused)."""

    def sanitize_url(self, url: str) -> str:
        if not _SCHEME.match(url.strip()):
            return url
        return super().sanitize_url(url)


_PARSER = mistune.create_markdown(renderer=_Renderer(escape=True),
                                  plugins=["table", "strikethrough"])


def to_html(text: str) -> str:
    """HTML for ``text`` (Markdown, maths between $ signs kept for MathJax).

    Raw HTML in the text is escaped, not passed through: bank entries and student-facing
    text cannot inject markup.
    """
    if not isinstance(text, str):
        raise ValueError(f"markdown text must be a string, got {type(text).__name__}")
    maths: list[str] = []

    def hold(match: re.Match) -> str:
        maths.append(html.escape(match.group(0), quote=False))
        return f"MATHSPAN{len(maths) - 1}X"

    out = _PARSER(_MATH.sub(hold, text))
    return re.sub(r"MATHSPAN(\d+)X", lambda m: maths[int(m.group(1))], out)
