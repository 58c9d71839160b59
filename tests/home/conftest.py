from __future__ import annotations

from tests.interviews.conftest import (  # noqa: F401 - shared fixtures
    loaded_library,
    make_application,
    make_position,
    schedule,
)
