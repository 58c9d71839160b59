"""Preloaded by the forkserver of ``batch.render_many``: workers fork from a process that
has imported WeasyPrint and laid out one small document, so each starts with fonts,
font maps and user-agent stylesheets ready instead of loading them again."""

from __future__ import annotations

from hiring.packets.pdf import html_to_pdf

html_to_pdf(
    "<html><body style=\"font-family: 'DejaVu Sans'\"><h1>Warm</h1><table><tr><td>1</td></tr>"
    "</table><svg width='10' height='10'><circle r='4'/></svg></body></html>",
    "",
)
