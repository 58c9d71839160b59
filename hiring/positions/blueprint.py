"""The positions blueprint: the position pages (``views``) and the plan editor
(``views_plan``) register on it, so every endpoint stays ``positions.*``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("positions", __name__, url_prefix="/positions")
