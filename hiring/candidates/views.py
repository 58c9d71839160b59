"""Candidates, their resumes, applications and the pipeline board (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("candidates", __name__, url_prefix="/candidates")
#: Application pages live at /applications/<id>; the board at /positions/<id>/pipeline.
applications_bp = Blueprint("applications", __name__)
