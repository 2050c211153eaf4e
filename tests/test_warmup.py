"""A served worker gets ready before its first request (web/warmup.py): every template
compiled, the routes walked, the checker loaded; an app built for a test does not."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from coffeechat.web import WebSettings, create_app
from coffeechat.web.templating import ENV


def _compiled() -> set[str]:
    return {key[1] for key in ENV.cache} if ENV.cache is not None else set()


def _pages() -> set[str]:
    return set(ENV.list_templates(filter_func=lambda name: name.endswith(".html")))


def test_a_served_worker_compiles_every_template_before_its_first_request(workspace: Any):
    assert ENV.cache is not None
    ENV.cache.clear()
    app = create_app(WebSettings(home=workspace.settings.home, warm=True), workspace)
    with TestClient(app):  # start-up ran (the lifespan), no request yet
        assert _pages() <= _compiled()
    assert len(_pages()) > 20


def test_an_app_built_for_a_test_does_not_warm_up(workspace: Any):
    assert ENV.cache is not None
    ENV.cache.clear()
    app = create_app(WebSettings(home=workspace.settings.home), workspace)
    with TestClient(app):
        assert not _compiled()


def test_serve_builds_apps_that_warm_up(workspace: Any):
    from coffeechat.web import server

    app = server.build(workspace.settings, "127.0.0.1", False)
    try:
        assert app.state.web.warm
    finally:
        app.state.workspace.close()


def test_the_checker_is_loaded_at_start_up(workspace: Any, monkeypatch: Any):
    """The warm-up checks a message (the checker's word lists load then, not in the
    first draft anyone opens)."""
    from coffeechat.web import warmup

    checked: list[str] = []
    real = warmup._load_checker
    monkeypatch.setattr(warmup, "_load_checker", lambda: checked.append("yes") or real())
    app = create_app(WebSettings(home=workspace.settings.home, warm=True), workspace)
    with TestClient(app):
        assert checked == ["yes"]
