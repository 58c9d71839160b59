"""Deny by default: every endpoint needs a signed-in user unless it is explicitly public.

Three layers, checked in this order:
1. ``install_access_gate``: anonymous requests to any non-public endpoint are turned away
   (a redirect to the login page for pages, 401 for files and JSON).
2. ``roles_required``: the view states which roles may use it at all (403 otherwise).
3. ``load_or_404``: loads the object (404 when missing), then applies an object-level
   predicate from the domain's ``permissions.py`` (403 when it says no). Predicates are
   plain functions, so templates use the same ones to hide links and buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth.models import Role, User
from hiring.converters import BoundedIntegerConverter, bounded_int, form_int
from hiring.db import db

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

_PUBLIC = "_hiring_public"
_ROLES = "_hiring_roles"

#: Responses of these kinds are files or data, so an anonymous request gets 401, not a redirect.
NON_HTML_SUFFIXES = (".json", ".csv", ".pdf", ".ics")


def public(view: F) -> F:
    """Mark a view as reachable without signing in (keep this list short)."""
    setattr(view, _PUBLIC, True)
    return view


def is_public(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None:
        return True  # no route matched: let Flask answer 404/405
    if endpoint == "static" or endpoint.endswith(".static"):
        return True
    view = app.view_functions.get(endpoint)
    return bool(getattr(view, _PUBLIC, False))


def required_roles(app: Flask, endpoint: str) -> frozenset[Role] | None:
    """The roles a view demands, or None when any signed-in user may call it."""
    roles = getattr(app.view_functions.get(endpoint), _ROLES, None)
    return frozenset(roles) if roles is not None else None


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow the view only to users holding at least one of ``roles``; 403 for the rest."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, _ROLES, frozenset(roles))
        return cast(F, wrapper)

    return decorator


def wants_html() -> bool:
    if request.path.endswith(NON_HTML_SUFFIXES):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best != "application/json"


def install_access_gate(app: Flask) -> None:
    @app.before_request
    def require_login() -> ResponseReturnValue | None:
        if is_public(app, request.endpoint) or current_user.is_authenticated:
            return None
        if not wants_html():
            response = jsonify(error="unauthorized", message="Sign in to access this resource.")
            response.status_code = 401
            return response
        target = request.full_path if request.query_string else request.path
        return redirect(url_for("auth.login", next=target))


def require(obj: T | None, can: Callable[[User, T], bool] | None = None) -> T:
    """``obj`` if it exists (else 404) and ``can`` allows the signed-in user (else 403)."""
    if obj is None:
        abort(404)
    if can is not None and not can(current_user, obj):
        abort(403)
    return obj


def load_or_404(
    model: type[T],
    ident: int,
    can: Callable[[User, T], bool] | None = None,
) -> T:
    """Load ``model`` by primary key (404 when missing), then check ``can`` (403 when denied)."""
    return require(db.session.get(model, ident), can)


__all__ = [
    "BoundedIntegerConverter",
    "bounded_int",
    "form_int",
    "install_access_gate",
    "is_public",
    "load_or_404",
    "public",
    "require",
    "required_roles",
    "roles_required",
    "wants_html",
]
