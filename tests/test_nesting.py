"""Markup nested beyond libxml2's depth limit loses its wrapper tags, never its text."""

from __future__ import annotations

import lxml.html

from diplowatch.clean.nesting import flattened


def _depth(tree: lxml.html.HtmlElement) -> int:
    return 1 + max(sum(1 for _ in element.iterancestors()) for element in tree.iter())


def test_shallow_markup_is_unchanged() -> None:
    markup = "<html><body>" + "<div>" * 50 + "<p>text</p>" + "</div>" * 50 + "</body></html>"
    assert flattened(markup, most=100) is markup


def test_wrappers_beyond_the_depth_go_and_blocks_and_text_stay() -> None:
    inner = "<section><h2>Head</h2><p>One <b>bold</b> line.</p><li>item</li></section>"
    markup = "<div>" * 6 + inner + "</div>" * 6
    assert flattened(markup, most=3) == (
        "<div><div><div><h2>Head</h2><p>One bold line.</p><li>item</li></div></div></div>"
    )


def test_comments_raw_text_void_and_self_closed_tags_do_not_count() -> None:
    markup = (
        "<div><!-- <div><div><div> --><script>if (a<b) { x = '<div>'; }</script>"
        "<br><img src=x><span/><div><p>kept</p></div></div>"
    )
    assert flattened(markup, most=2) == markup


def test_stray_and_unclosed_end_tags_are_left() -> None:
    markup = "</span><div><div><div><em>a</div></i></div></div>tail"
    # the third div is dropped with its end tag; the em inside it too (never closed); the
    # stray end tags stay where they were.
    assert flattened(markup, most=2) == "</span><div><div>a</i></div></div>tail"


def test_a_page_too_deep_for_libxml2_parses_to_its_text_after_flattening() -> None:
    markup = "<html><body>" + "<div>" * 5000 + "<p>deep text</p>" + "</div>" * 5000 + "</body>"
    tree = lxml.html.fromstring(flattened(markup), parser=lxml.html.HTMLParser(huge_tree=True))
    assert tree.text_content() == "deep text"
    assert _depth(tree) < 1100
