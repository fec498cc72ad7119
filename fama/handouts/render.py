"""Rendering a handout for print: a page of HTML that stands alone (large type, A4 print
styles, the service's name and the date in the footer).

The library (:mod:`fama.handouts.library`) reads and checks handouts; this module only turns
one into a page. Links to other handouts become plain text and raw HTML is shown as text, so
a page never runs anything or fetches anything. Pure: no Textual, no TinyDB; markdown-it is
loaded only when a page is rendered.
"""

from __future__ import annotations

import html
from datetime import date

from fama.handouts.library import Handout

_MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
).split()

_CSS = """
:root { color-scheme: light; }
html { font-size: 20px; }
body {
  margin: 0 auto; padding: 1.5rem 1.25rem 2rem; max-width: 38rem;
  font-family: Arial, "Helvetica Neue", Helvetica, Verdana, sans-serif;
  font-size: 1rem; line-height: 1.6; color: #111; background: #fff;
}
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: 1.6rem 0 0.5rem; }
h3 { font-size: 1.15rem; margin: 1.2rem 0 0.4rem; }
p, ul, ol { margin: 0 0 0.9rem; }
li { margin-bottom: 0.35rem; }
strong { font-weight: 700; }
a { color: #0b4f9c; }
.handout-ref { font-style: italic; }
table { border-collapse: collapse; margin: 0 0 1rem; }
th, td { border: 1px solid #555; padding: 0.3rem 0.6rem; text-align: left; }
blockquote { margin: 0 0 1rem; padding-left: 1rem; border-left: 4px solid #888; }
footer {
  margin-top: 2rem; padding-top: 0.6rem; border-top: 2px solid #333;
  font-size: 0.85rem; color: #333;
}
@page { size: A4; margin: 18mm 18mm 20mm; }
@media print {
  html { font-size: 14pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, p, tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
}
"""


def long_date(day: date) -> str:
    """``24 November 2026`` whatever the machine's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _body_html(handout: Handout) -> str:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )
    tokens = md.parse(handout.body)

    def rewrite(children: list[Token]) -> list[Token]:
        out: list[Token] = []
        refs: list[bool] = []  # for each open link: is it a link to another handout?
        for token in children:
            if token.type == "link_open":
                refs.append(_is_handout_link(str(token.attrGet("href") or "")))
                if refs[-1]:
                    token.type, token.tag, token.attrs = (
                        "span_open",
                        "span",
                        {"class": "handout-ref"},
                    )
            elif token.type == "link_close" and refs and refs.pop():
                token.type, token.tag = "span_close", "span"
            elif token.type == "image":
                # The page stands alone: no fetched pictures, just what they show.
                token = Token("text", "", 0, content=token.content)
            out.append(token)
        return out

    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = rewrite(token.children)
    return str(md.renderer.render(tokens, md.options, {}))


def _is_handout_link(href: str) -> bool:
    target = href.split("#", 1)[0].removeprefix("./")
    return bool(target.endswith(".md") and "/" not in target and ":" not in target)


def render_html(handout: Handout, *, service: str, today: date) -> str:
    """A printable page that stands alone: large type, A4 print styles, the title, the body
    and a footer with the service and the date. Links to other handouts become plain
    (italic) text; raw HTML in the Markdown is shown as text, never run."""
    esc = html.escape
    heading = "" if handout.has_own_title else f"<h1>{esc(handout.title)}</h1>\n"
    footer = f"{esc(service)} · {esc(long_date(today))}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(handout.title)}</title>\n"
        f"<style>{_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f'<main id="{esc(handout.id)}">\n'
        f"{heading}{_body_html(handout)}"
        "</main>\n"
        f'<footer class="service">{footer}</footer>\n'
        "</body>\n"
        "</html>\n"
    )
