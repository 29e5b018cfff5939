"""Live editing: under `mkdocs serve` a data error is shown in the site, not a crash."""

from __future__ import annotations

import pytest
from conftest import write_files
from mkdocs.commands.build import build
from mkdocs.config import load_config


def serve_build(root, site_dir, plugin_holder):
    """One rebuild as `mkdocs serve` does it: the same plugin instance, command 'serve'."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    if not plugin_holder:
        config.plugins.on_startup(command="serve", dirty=False)
        plugin_holder.append(config.plugins["briefbook"])
    build(config, serve_url="http://127.0.0.1:8000/")
    return config


@pytest.fixture
def holder():
    """The plugin kept across rebuilds; shut down afterwards, as `mkdocs serve` does on
    exit, so its session folder of generated pages is removed."""
    plugins: list = []
    yield plugins
    for plugin in plugins:
        plugin.on_shutdown()
        assert plugin.serve_cache is None


def test_a_data_error_while_serving_shows_in_the_site_and_the_next_good_edit_restores_it(
    make_project, tmp_path, holder
):
    root = make_project()
    site = tmp_path / "served"
    serve_build(root, site, holder)
    assert (site / "claims" / "first-claim" / "index.html").is_file()

    write_files(root, {"data/themes.yaml": "- id: security\n  nme: Security\n"})
    serve_build(root, site, holder)  # does not raise
    home = (site / "index.html").read_text("utf-8")
    assert "The briefing data has errors" in home
    assert "data/themes.yaml:2:3: unknown field &#x27;nme&#x27; in theme (did you mean &#x27;name&#x27;?)" in home
    assert "data/themes.yaml" in (site / "timeline" / "index.html").read_text("utf-8")

    write_files(root, {"data/themes.yaml": "- id: security\n  name: Security\n"})
    serve_build(root, site, holder)
    assert "The briefing data has errors" not in (site / "index.html").read_text("utf-8")
    assert (site / "claims" / "first-claim" / "index.html").is_file()


def test_serving_never_writes_the_ledger(make_project, tmp_path, holder):
    root = make_project()
    serve_build(root, tmp_path / "served", holder)
    assert not (root / "data" / "permalinks.lock").exists()


def test_serve_watches_data_and_templates(make_project, tmp_path, holder):
    root = make_project({"templates/claim.md.j2": '{% extends "builtin/claim.md.j2" %}\n'})
    config = serve_build(root, tmp_path / "served", holder)

    class Server:
        def __init__(self):
            self.watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    server = config.plugins.on_serve(Server(), config=config, builder=None)
    assert str(root / "data") in server.watched
    assert str(root / "templates") in server.watched


@pytest.mark.parametrize("dirty", [False, True])
def test_serving_without_dirty_suggests_it(make_project, caplog, dirty):
    root = make_project()
    config = load_config(str(root / "mkdocs.yml"))
    caplog.set_level("INFO")
    config.plugins.on_startup(command="serve", dirty=dirty)
    try:
        hinted = any("mkdocs serve --dirty" in record.getMessage() for record in caplog.records)
        assert hinted is not dirty
    finally:
        config.plugins.on_shutdown()
