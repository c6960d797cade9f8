"""The records' Markdown (incident bodies, updates, postmortems) as the pages publish it:
HTML shown as text, unsafe links cut, and nothing of one record carried into the next
(one parser serves them all)."""

from __future__ import annotations

from generator.render.safe_markdown import render_markdown


def test_html_is_text_and_unsafe_links_are_cut() -> None:
    html = render_markdown("Fixed <b>now</b> [docs](javascript:alert(1)) [ok](https://x.io/a)")
    assert html == (
        '<p>Fixed &lt;b&gt;now&lt;/b&gt; <a href="#">docs</a> <a href="https://x.io/a">ok</a></p>'
    )
    block = render_markdown('<div onclick="x()">raw</div>')
    assert block == '<p>&lt;div onclick="x()"&gt;raw&lt;/div&gt;</p>'  # text, never a tag


def test_a_records_link_references_do_not_reach_the_next_record() -> None:
    first = render_markdown("See [the runbook][rb].\n\n[rb]: https://example.com/runbook\n")
    assert first == '<p>See <a href="https://example.com/runbook">the runbook</a>.</p>'
    # the next incident's body names the same reference without defining it: plain text
    assert render_markdown("See [the runbook][rb].") == "<p>See [the runbook][rb].</p>"


def test_tables_and_lists_as_written() -> None:
    assert render_markdown("| a | b |\n| - | - |\n| 1 | 2 |\n") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>"
    )
    assert render_markdown("3. three\n4. four\n") == (
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'
    )
