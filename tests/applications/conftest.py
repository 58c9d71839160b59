from __future__ import annotations

from tests.candidates.conftest import (  # noqa: F401 - shared fixtures
    loaded_library,
    make_application,
    make_candidate,
    make_position,
    staff,
)
