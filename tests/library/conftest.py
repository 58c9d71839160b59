from __future__ import annotations

import pytest

from hiring.db import db
from hiring.library.loading import load_library
from hiring.library.validation import validate_directory
from tests.library.builders import write_library


@pytest.fixture
def loaded_library(app, tmp_path):
    """The small test library, loaded into the database; returns its directory."""
    directory = write_library(tmp_path / "scorecards")
    with app.app_context():
        load_library(validate_directory(directory), actor=None)
        db.session.commit()
    return directory
