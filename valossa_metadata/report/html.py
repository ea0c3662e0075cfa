"""The report's HTML pieces: tables that scroll in their own box, long lists folded, pictures, the page.

Every text from the file is escaped here; the styles are inline so the page needs no other file.

Examples:
    >>> "<details>" in table(["n"], [[str(i)] for i in range(12)], cap=10, what="rows")
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["CAP", "PAGE", "at", "figure", "none_if_empty", "table"]

#: Rows of a long list shown before the rest is folded under ``<details>``.
CAP = 10


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: set[int] | None = None,
    table_id: str = "",
    cap: int | None = None,
    what: str = "rows",
    raw: set[int] | None = None,
) -> str:
    """A table in a box that scrolls sideways on narrow screens; rows past ``cap`` folded with a count.

    Cells are escaped, except the columns in ``raw`` (HTML made by the report itself). The folded
    rows are a second table (``{table_id}-more``) inside ``<details>``.

    Examples:
        >>> table(["a"], [["<b>"]]).split("<tbody>")[1]
        '<tr><td>&lt;b&gt;</td></tr></tbody></table></div>'
    """
    right = numeric or set()
    html_cells = raw or set()
    head = "".join(f"<th{' class=num' if i in right else ''}>{escape(h)}</th>" for i, h in enumerate(header))

    def body(chosen: Sequence[Sequence[str]]) -> str:
        return "".join(
            "<tr>"
            + "".join(
                f"<td{' class=num' if i in right else ''}>{c if i in html_cells else escape(c)}</td>"
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in chosen
        )

    def one(chosen: Sequence[Sequence[str]], ident: str) -> str:
        attribute = f' id="{escape(ident)}"' if ident else ""
        return (
            f'<div class="scroll"><table{attribute}><thead><tr>{head}</tr></thead>'
            f"<tbody>{body(chosen)}</tbody></table></div>"
        )

    if cap is None or len(rows) <= cap:
        return one(rows, table_id)
    rest = rows[cap:]
    more = f"{table_id}-more" if table_id else ""
    return (
        one(rows[:cap], table_id)
        + f"<details><summary>{len(rest)} more {escape(what)}</summary>{one(rest, more)}</details>"
    )


def at(seconds: float, text: str, *, seekable: bool = True) -> str:
    """A time that seeks the video to ``seconds`` when clicked (``data-start``, in seconds).

    Without a player on the page (``seekable`` false) the time is plain text, still with ``data-start``.

    Examples:
        >>> at(12.5, "0:00:12")
        '<button type="button" class="at" data-start="12.500">0:00:12</button>'
        >>> at(12.5, "0:00:12", seekable=False)
        '<span class="time" data-start="12.500">0:00:12</span>'
    """
    if not seekable:
        return f'<span class="time" data-start="{seconds:.3f}">{escape(text)}</span>'
    return f'<button type="button" class="at" data-start="{seconds:.3f}">{escape(text)}</button>'


def figure(name: str, title: str, caption: str = "") -> str:
    """A picture that opens full size when clicked, with an optional caption.

    Examples:
        >>> figure("a.png", "A", "what it shows")
        '<figure><a href="a.png"><img src="a.png" alt="A"></a><figcaption>what it shows</figcaption></figure>'
    """
    note = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    picture = f'<img src="{escape(name)}" alt="{escape(title)}">'
    return f'<figure><a href="{escape(name)}">{picture}</a>{note}</figure>'


def none_if_empty(parts: Sequence[str]) -> str | None:
    """The parts joined, or ``None`` when there are none (a section without content is left out).

    Examples:
        >>> none_if_empty([]), none_if_empty(["<p>x</p>"])
        (None, '<p>x</p>')
    """
    return "".join(parts) if parts else None


CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;
padding:1em;color:#222;line-height:1.45;overflow-wrap:break-word}
h1{margin:0.2em 0 0.1em;font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:0.2em;margin-top:1.6em}
.subtitle{color:#666;margin-top:0}
nav{display:flex;flex-wrap:wrap;gap:0.3em 0.9em;margin:0.5em 0}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:0.6em 0;font-size:0.92em}
th,td{padding:3px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
thead th{border-bottom:2px solid #ccc}.num{text-align:right;font-variant-numeric:tabular-nums}
table.facts th{color:#555;font-weight:normal;padding-right:2em;white-space:nowrap}
thead th{white-space:nowrap}table.facts td{overflow-wrap:anywhere;min-width:12em}.times{white-space:nowrap}
figure{margin:0.6em 0}img{max-width:100%;height:auto;display:block}
figcaption,.caption{color:#555;font-size:0.9em}
details{margin:0.3em 0 0.8em}summary{cursor:pointer;color:#0b5394}
.player{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1em;align-items:start}
.player.alone{grid-template-columns:minmax(0,1fr)}
@media (max-width:800px){.player{grid-template-columns:minmax(0,1fr)}.transcript{max-height:16em}}
video{width:100%;max-height:70vh;background:#000}
.transcript{max-height:26em;overflow-y:auto;border:1px solid #ddd;padding:0.3em 0.5em;margin:0}
.transcript ol{list-style:none;margin:0;padding:0}
.transcript li{padding:2px 4px;border-radius:3px;cursor:pointer}.transcript li.now{background:#fff3b0}
.transcript time{color:#777;font-size:0.85em;margin-right:0.4em;font-variant-numeric:tabular-nums}
.speaker{font-weight:600;margin-right:0.3em}
.at{font:inherit;font-size:0.85em;border:1px solid #ccd;background:#f5f7ff;border-radius:3px;padding:0 4px;
margin:1px;cursor:pointer;color:#0b5394}
.time{font-size:0.85em;margin:0 3px;font-variant-numeric:tabular-nums}
.tools{display:flex;flex-wrap:wrap;gap:0.5em;align-items:center;margin:0.6em 0}
.tools input{font:inherit;padding:3px 6px;min-width:0;flex:1 1 12em;max-width:24em}
#timeline-chart{width:100%;min-height:200px}
.swatch{display:inline-block;width:0.8em;height:0.8em;border-radius:2px;margin-right:0.3em;vertical-align:-1px}
footer{margin-top:3em;color:#888;font-size:0.85em}
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: Valossa metadata report</title>
<style>{css}</style>
{head}
</head>
<body>
<header><h1>{title}</h1><p class="subtitle">{subtitle}</p>
<nav>{navigation}</nav></header>
<main>
{sections}
</main>
<footer>Made by valossa-metadata {version}.</footer>
{scripts}
</body>
</html>
"""
