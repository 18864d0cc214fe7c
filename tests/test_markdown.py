"""Markdown with maths to HTML: the maths survives untouched, raw HTML is escaped."""

import pytest

from lessons_lib.markdown import to_html


def test_maths_is_kept_verbatim_while_markdown_around_it_is_rendered():
    out = to_html("**Step 1.** $z_1 = w_{11} x_1 + b_1$ then *done* $$J = \\tfrac12 (t-o)^2$$")
    assert "<strong>Step 1.</strong>" in out and "<em>done</em>" in out
    assert "$z_1 = w_{11} x_1 + b_1$" in out and "$$J = \\tfrac12 (t-o)^2$$" in out


def test_tables_render_and_html_is_escaped_not_injected():
    out = to_html("| a | b |\n|---|---|\n| $a_1$ | 2 |\n\n<script>alert(1)</script>")
    assert "<table>" in out and "<td>$a_1$</td>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_a_dollar_amount_is_not_maths_and_less_than_in_maths_is_escaped():
    assert "$x &lt; 1$" in to_html("$x < 1$")
    with pytest.raises(ValueError, match="string"):
        to_html(3)


def test_relative_links_with_colons_in_the_anchor_survive_but_scripts_do_not():
    out = to_html("[a](04_backpropagation.ipynb#3.-One-step-by-hand:-the-exam-answer) "
                  "[b](javascript:alert(1)) [c](https://example.org/x)")
    assert 'href="04_backpropagation.ipynb#3.-One-step-by-hand:-the-exam-answer"' in out
    assert "javascript" not in out and 'href="https://example.org/x"' in out
