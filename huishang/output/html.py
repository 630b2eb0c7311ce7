"""Sheets and documents as HTML pages that open offline."""

from __future__ import annotations

from huishang.output.document import Document
from huishang.output.table import Cell, Column, Sheet, Value, as_cell

# Fonts that carry Chinese on Windows, macOS and Linux, so that pages render anywhere offline.
CJK_FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
             '"WenQuanYi Micro Hei", sans-serif')

PAGE_CSS = f"""
body {{ font-family: {CJK_FONTS}; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
       color: #1f2328; line-height: 1.6; }}
h1 {{ font-size: 1.6rem; border-bottom: 2px solid #b91c1c; padding-bottom: .4rem; }}
h2 {{ font-size: 1.2rem; margin-top: 2rem; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }}
th, td {{ border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }}
th {{ background: #f6f8fa; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.total td {{ font-weight: bold; background: #f6f8fa; }}
.red {{ background: #fee2e2; color: #991b1b; font-weight: bold; }}
.orange {{ background: #ffedd5; color: #9a3412; font-weight: bold; }}
.yellow {{ background: #fef9c3; color: #854d0e; }}
.muted {{ color: #59636e; font-size: .9rem; }}
a {{ color: #1d4ed8; text-decoration: none; }} a:hover {{ text-decoration: underline; }}
.cards {{ display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }}
.card {{ border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem 1rem; min-width: 7rem; }}
.card b {{ display: block; font-size: 1.6rem; }}
.chart {{ max-width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }}
.chart-title {{ font-size: 14px; font-weight: bold; fill: #1f2328; }}
.tick, .legend {{ font-size: 12px; fill: #59636e; }}
.controls {{ display: flex; gap: .5rem; flex-wrap: wrap; margin: .5rem 0; }}
.controls input, .controls select {{ font: inherit; padding: .2rem .4rem; }}
th[data-col] {{ cursor: pointer; user-select: none; }}
ol.timeline {{ list-style: none; padding-left: 0; }}
ol.timeline li {{ border-left: 3px solid #2563eb; padding: .2rem .8rem; margin-bottom: .4rem; }}
"""

_CELL_CLASS = {"bold white on red": "red", "bold black on dark_orange": "orange",
               "black on yellow": "yellow"}


def sheet_html(sheet: Sheet, table_id: str = "") -> str:
    from html import escape

    def cell(tag: str, value: Value, col: Column) -> str:
        c = as_cell(value)
        classes = [_CELL_CLASS.get(c.style, "")] + (["num"] if col.justify == "right" else [])
        attr = f' class="{" ".join(x for x in classes if x)}"' if any(classes) else ""
        text = escape(c.text)
        if c.link:
            text = f'<a href="{escape(c.link)}">{text}</a>'
        return f"<{tag}{attr}>{text}</{tag}>"

    ident = f' id="{escape(table_id)}"' if table_id else ""
    head = "".join(cell("th", Cell(col.header), col) for col in sheet.columns)
    thead = f"<thead><tr>{head}</tr></thead>" if any(c.header for c in sheet.columns) else ""
    body = ["<tr>" + "".join(cell("td", c, col) for c, col in zip(row, sheet.columns,
                                                                   strict=True)) + "</tr>"
            for row in sheet.rows]
    if sheet.total is not None:
        body.append('<tr class="total">' + "".join(
            cell("td", c, col) for c, col in zip(sheet.total, sheet.columns, strict=True))
            + "</tr>")
    caption = f'<p class="muted">{escape(sheet.caption)}</p>' if sheet.caption else ""
    return f"<table{ident}>{thead}<tbody>{''.join(body)}</tbody></table>{caption}"


def html_page(title: str, body: str, lang: str, extra_head: str = "") -> str:
    from html import escape

    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{PAGE_CSS}</style>\n{extra_head}</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def document_html(doc: Document, lang: str) -> str:
    from html import escape

    parts = [f"<h1>{escape(doc.title)}</h1>"]
    parts += [f'<p class="muted">{escape(text)}</p>' for text in doc.intro]
    for section in doc.sections:
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts += [f"<p>{escape(text)}</p>" for text in section.text]
        if section.sheet is not None:
            parts.append(sheet_html(section.sheet))
    return html_page(doc.title, "\n".join(parts), lang)
