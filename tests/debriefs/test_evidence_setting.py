"""The role profile's ``[evidence]`` setting: optional (shipped profiles keep their content
hash and get the default), stored with the profile version, and used by the debrief."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hiring.db import db
from hiring.library.models import RoleProfile
from hiring.library.schema import RoleProfileSpec
from tests import builders
from tests.support.library_files import write_library

SHIPPED = Path(__file__).resolve().parents[2] / "scorecards" / "roles"


def _spec(path: Path) -> RoleProfileSpec:
    import tomllib

    return RoleProfileSpec.model_validate(tomllib.loads(path.read_text()))


def test_every_shipped_profile_is_valid_unchanged_and_gets_the_default():
    files = sorted(SHIPPED.glob("*.toml"))
    assert files
    for path in files:
        spec = _spec(path)
        assert spec.evidence is None
        # Absent, the setting is not part of the fingerprint: no new profile versions.
        assert "evidence" not in spec.model_dump(mode="json")


def test_a_profile_can_ask_for_more_or_less_evidence(app, tmp_path):
    root = write_library(tmp_path / "scorecards")
    role = root / "roles" / "account_executive.toml"
    with app.app_context():
        builders.library(root)
        default = db.session.scalar(select(RoleProfile).where(RoleProfile.current))
        assert default is not None
        assert (default.evidence_raters_per_must_have, default.evidence_all_stages) == (2, True)
        before = default.content_hash
        role.write_text(
            role.read_text() + "\n[evidence]\nraters_per_must_have = 3\nall_stages = false\n"
        )
        builders.library(root)
        profile = db.session.scalar(select(RoleProfile).where(RoleProfile.current))
        assert profile is not None and profile.content_hash != before
        assert (profile.evidence_raters_per_must_have, profile.evidence_all_stages) == (3, False)
