"""The instructor login's rules as tables: where a login may land, wrong-token limits, the tokens file."""

from __future__ import annotations

import pytest

from widgets.server.login_page import login_html
from widgets.server.login_rules import (
    TokensFileError,
    WrongTokenLimit,
    instructor_for,
    merged_tokens,
    parse_tokens,
    safe_next,
)


@pytest.mark.parametrize(
    ("wanted", "landing"),
    [
        ("/", "/"),
        ("/?code=K7Q-4MP&key=abc", "/?code=K7Q-4MP&key=abc"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("http://127.0.0.1:8867/", "/"),
        ("//evil.example/", "/"),
        ("///evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("/\nLocation: x", "/"),
        ("/login", "/"),
        ("/logout?next=/", "/"),
    ],
)
def test_a_login_lands_only_on_a_path_of_this_server(wanted, landing):
    assert safe_next(wanted) == landing


def test_under_a_base_url_only_its_paths_are_kept():
    assert safe_next("/clinquiz/?code=A", "/clinquiz/") == "/clinquiz/?code=A"
    assert safe_next("/other/", "/clinquiz/") == "/clinquiz/"


def test_wrong_tokens_are_limited_per_client_and_in_all_then_forgotten():
    now = [0.0]
    limit = WrongTokenLimit(per_client=3, overall=5, window_s=60, clock=lambda: now[0])
    for _ in range(3):
        assert limit.allowed("a")
        limit.failed("a")
    assert not limit.allowed("a") and limit.wait_s("a") == 60
    assert limit.allowed("b")  # another client is not held back by a's tries ...
    limit.failed("b")
    limit.failed("c")
    assert not limit.allowed("d")  # ... until the tries in all reach the overall limit
    now[0] = 61
    assert limit.allowed("a") and limit.allowed("d") and limit.wait_s("a") == 0


def test_the_tokens_file_names_each_instructor():
    tokens = parse_tokens("# ward teachers\n\nAna Silva: aaaaaaaaaaaaaaaa1\nben:bbbbbbbbbbbbbbbb2\n")
    assert tokens == {"aaaaaaaaaaaaaaaa1": "Ana Silva", "bbbbbbbbbbbbbbbb2": "ben"}
    assert instructor_for("bbbbbbbbbbbbbbbb2", tokens) == "ben"
    assert instructor_for("bbbbbbbbbbbbbbbb", tokens) is None
    assert merged_tokens("main-token-0123456", tokens.items())["main-token-0123456"] == "instructor"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("no colon here", "line 1: write name:token"),
        ("ana:short", "shorter than 16"),
        ("ana:aaaaaaaaaaaaaaaa\nana:bbbbbbbbbbbbbbbb", "line 2: ana or its token is already"),
        ("<b>:aaaaaaaaaaaaaaaa", "line 1"),
    ],
)
def test_a_bad_tokens_file_is_refused_with_its_line(text, words):
    with pytest.raises(TokensFileError, match=words):
        parse_tokens(text)


def test_the_login_page_is_clinquizs_own_and_escapes_what_it_shows():
    page = login_html('/login?next=%2F"><x', '<input type="hidden" name="_xsrf" value="v">', "<b>bad</b>")
    assert "<h1>Instructor login</h1>" in page and '<label for="token">Instructor token</label>' in page
    assert 'role="alert">&lt;b&gt;bad&lt;/b&gt;' in page and '"><x' not in page
    assert "jupyter server list" not in page and "8888" not in page and "<script" not in page
    assert 'role="alert"' not in login_html("/login", "")
