"""The app factory: layered configuration and refusing to run with an unsafe secret."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from hiring import create_app
from hiring.settings import normalise_database_url, write_instance_config


@pytest.fixture
def instance_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at an empty instance folder and clear every HIRING_* variable."""
    import os

    for key in list(os.environ):
        if key.startswith("HIRING_"):
            monkeypatch.delenv(key)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("HIRING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("HIRING_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    return tmp_path


def test_test_config_replaces_instance_and_environment(instance_dir, monkeypatch):
    monkeypatch.setenv("HIRING_APP_NAME", "From the environment")
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 32, "DATABASE_URL": "sqlite://"})
    assert app.testing
    assert app.config["APP_NAME"] == "Hiring & Onboarding"


def test_without_test_config_the_app_is_not_in_testing_mode(instance_dir, monkeypatch):
    monkeypatch.setenv("HIRING_SECRET_KEY", "s" * 40)
    assert not create_app().testing


def _compiled(app):
    return {name for _loader, name in app.jinja_env.cache or {}}


def test_a_server_compiles_every_template_before_its_first_request(instance_dir, monkeypatch):
    monkeypatch.setenv("HIRING_SECRET_KEY", "s" * 40)
    app = create_app()
    assert "base.html" in _compiled(app)
    assert _compiled(app) == set(app.jinja_env.list_templates())


def test_tests_and_commands_compile_templates_only_when_rendered(instance_dir, monkeypatch):
    monkeypatch.setenv("HIRING_SECRET_KEY", "s" * 40)
    with click.Context(click.Command("jobs")):
        assert _compiled(create_app()) == set()
    assert _compiled(create_app({"TESTING": True, "SECRET_KEY": "k" * 32})) == set()


def test_environment_overrides_instance_file_which_overrides_defaults(instance_dir, monkeypatch):
    (instance_dir / "config.py").write_text(
        "SECRET_KEY = 'from-the-file-0123456789'\nAPP_NAME = 'From the file'\nPAGE_SIZE = 7\n"
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-file-0123456789"
    assert app.config["APP_NAME"] == "From the file"

    monkeypatch.setenv("HIRING_APP_NAME", "From the environment")
    monkeypatch.setenv("HIRING_PAGE_SIZE", "50")  # parsed as JSON
    app = create_app()
    assert app.config["APP_NAME"] == "From the environment"
    assert app.config["PAGE_SIZE"] == 50
    assert app.config["SECRET_KEY"] == "from-the-file-0123456789"


@pytest.mark.parametrize("secret", [None, "dev", "change-me", ""])
def test_refuses_to_start_in_production_without_a_real_secret(instance_dir, monkeypatch, secret):
    if secret is not None:
        monkeypatch.setenv("HIRING_SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY is missing or a well-known default"):
        create_app()


def test_debug_mode_runs_without_a_secret_on_a_temporary_key(instance_dir, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app()
    assert len(app.config["SECRET_KEY"]) == 64
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure_httponly_and_samesite(instance_dir, monkeypatch):
    monkeypatch.setenv("HIRING_SECRET_KEY", "s" * 40)
    config = create_app().config
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_instance_config_is_written_once_with_a_random_key(tmp_path):
    assert write_instance_config(tmp_path) is True
    first = (tmp_path / "config.py").read_text()
    assert write_instance_config(tmp_path) is False
    assert (tmp_path / "config.py").read_text() == first
    other = tmp_path / "other"
    write_instance_config(other)
    assert (other / "config.py").read_text() != first
    assert "SECRET_KEY = '" in first
    assert oct((tmp_path / "config.py").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/hiring", "postgresql+psycopg://u:p@db/hiring"),
        ("postgresql://u@db/hiring", "postgresql+psycopg://u@db/hiring"),
        ("postgresql+psycopg://u@db/h", "postgresql+psycopg://u@db/h"),
        ("sqlite:///hiring.sqlite3", "sqlite:///hiring.sqlite3"),
    ],
)
def test_database_urls_are_routed_to_psycopg3(given, expected):
    assert normalise_database_url(given) == expected


def test_relative_sqlite_database_lives_in_the_instance_folder(instance_dir, monkeypatch):
    monkeypatch.setenv("HIRING_SECRET_KEY", "s" * 40)
    monkeypatch.delenv("HIRING_DATABASE_URL")
    app = create_app()
    with app.app_context():
        from hiring.db import db

        assert db.engine.url.database == str(instance_dir / "hiring.sqlite3")
        db.engine.dispose()
