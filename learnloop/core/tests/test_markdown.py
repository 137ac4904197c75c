from __future__ import annotations

from learnloop.core.markdown import render_markdown


def test_markdown_is_rendered():
    assert render_markdown("**bold** and `code`") == "<p><strong>bold</strong> and <code>code</code></p>\n"


def test_raw_html_never_reaches_the_page():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html
    assert "<img" not in html  # shown as text, never as an element with its handler
    assert "&lt;script&gt;" in html


def test_javascript_links_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) and <https://ok.example>")
    assert 'href="javascript' not in html
    assert 'href="https://ok.example"' in html


def test_links_do_not_pass_the_referrer_or_rank():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[docs](https://example.com)")
