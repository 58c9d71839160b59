"""Sign in, sign out, set a password from an e-mailed link, and the user's own account
(including the time zone every time is shown in, asked for on the first sign-in)."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from hiring import timezones
from hiring.auth import services, sessions, tokens
from hiring.auth.forms import ChangePasswordForm, LoginForm, SetPasswordForm, TimeZoneForm
from hiring.auth.login import current_session, safe_next_url
from hiring.auth.models import User
from hiring.extensions import limiter
from hiring.forms import ButtonForm
from hiring.permissions import is_public, public, wants_html
from hiring.transaction import attempt

bp = Blueprint("auth", __name__)


def _submitted_email() -> str:
    """The account a sign-in attempt names: the key its failures are counted under."""
    email = LoginForm(meta={"csrf": False}).email.data or ""
    return email.strip().lower()[:254] or "-"


def _browser() -> sessions.Browser:
    """What a new session records about the browser starting it."""
    return sessions.Browser(request.user_agent.string, request.remote_addr)


def _login_failed(response: Response) -> bool:
    # A successful sign-in redirects; only failures use up the per-account allowance.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    methods=["POST"],
    key_func=_submitted_email,
    deduct_when=_login_failed,
    scope="login-account",
)
def login() -> ResponseReturnValue:
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("home.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.sign_in(
            form.email.data or "",
            form.password.data or "",
            remember=bool(form.remember.data),
            browser=_browser(),
        )
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            return redirect(next_url or url_for("home.index"))
        # One message for every failure, so the page never reveals which accounts exist.
        error = "That e-mail and password do not match an active account."
    return render_template("auth/login.html", form=form, error=error, next_url=next_url)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> ResponseReturnValue:
    if request.method == "GET":
        # Signing out changes state, so it takes a POST (with CSRF); GET asks to confirm.
        return render_template("auth/logout.html")
    # The server-side session ends too, so a copy of either cookie no longer signs anyone in.
    attempt(lambda: sessions.sign_out(current_user, current_session()))
    logout_user()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def set_password(token: str) -> ResponseReturnValue:
    user, purpose = tokens.read_set_password_token(token)
    form = SetPasswordForm()
    # Whoever is signed in on this browser (perhaps someone else) is signed out properly.
    signed_in = (current_user, current_session()) if current_user.is_authenticated else None
    if form.validate_on_submit() and attempt(
        lambda: services.accept_password_link(
            user, form.password.data or "", browser=_browser(), replacing=signed_in
        ),
        form,
    ):
        if signed_in is not None:
            logout_user()
        login_user(user)
        flash(f"Welcome, {user.first_name}. Your password is set.", "success")
        return redirect(url_for("home.index"))
    return render_template("auth/set_password.html", form=form, user=user, purpose=purpose)


@bp.errorhandler(tokens.InvalidToken)
def link_invalid(error: tokens.InvalidToken) -> ResponseReturnValue:
    """A set-password link that is malformed, used, or (410) expired."""
    expired = isinstance(error, tokens.ExpiredToken)
    return render_template("auth/link_invalid.html", expired=expired), 410 if expired else 404


@bp.route("/account")
def account() -> ResponseReturnValue:
    form = TimeZoneForm.offering(timezones.zone_for(current_user))
    form.next.data = url_for("auth.account")
    return render_template(
        "auth/account.html",
        user=current_user,
        zone_form=form,
        sessions=sessions.live(current_user),
        this_session=current_session(),
    )


@bp.route("/account/sessions/<int:session_id>/sign-out", methods=["POST"])
def end_session(session_id: int) -> ResponseReturnValue:
    """Sign out one of the person's other devices, from the account page's list."""
    if ButtonForm().validate_on_submit() and (
        ended := attempt(
            lambda: sessions.sign_out_one(current_user, session_id, current=current_session())
        )
    ):
        flash(f"Signed out {ended.value.device}.", "success")
    return redirect(url_for("auth.account", _anchor="sessions"))


@bp.route("/account/sessions/sign-out-others", methods=["POST"])
def end_other_sessions() -> ResponseReturnValue:
    """Sign out every device but this one."""
    if ButtonForm().validate_on_submit() and (
        ended := attempt(
            lambda: sessions.sign_out_everywhere(
                current_user, keep=current_session(), actor=current_user
            )
        )
    ):
        count = ended.value
        flash(f"Signed out {count} other session{'s' if count != 1 else ''}.", "success")
    return redirect(url_for("auth.account", _anchor="sessions"))


@bp.route("/account/sessions/sign-out-everywhere", methods=["POST"])
def end_all_sessions() -> ResponseReturnValue:
    """Sign out every device, this one included (a lost laptop, a shared computer)."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("auth.account", _anchor="sessions"))
    attempt(lambda: sessions.sign_out_everywhere(current_user, keep=None, actor=current_user))
    logout_user()
    flash("You are signed out everywhere.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/time-zone", methods=["GET", "POST"])
def time_zone() -> ResponseReturnValue:
    """Choose the zone times are shown in: the first sign-in's question, and the account's
    "Save time zone" (which posts here and returns to the account page)."""
    user: User = current_user._get_current_object()
    first = user.time_zone is None
    form = TimeZoneForm.offering(user.time_zone or timezones.organisation_zone())
    if not form.is_submitted():
        form.next.data = safe_next_url(request.args.get("next")) or ""
    if form.validate_on_submit() and attempt(
        lambda: services.set_time_zone(user, form.time_zone.data or ""), form
    ):
        flash(f"Times now show in your zone, {user.time_zone}.", "success")
        return redirect(safe_next_url(form.next.data) or url_for("home.index"))
    page = render_template("auth/time_zone.html", form=form, first=first)
    return page, 400 if form.errors else 200


#: Pages someone without a time zone still reaches: the question itself, signing out, files.
PROMPT_EXEMPT = frozenset({"auth.time_zone", "auth.logout", "candidates.resume"})


@bp.before_app_request
def ask_for_time_zone() -> ResponseReturnValue | None:
    """Until a signed-in person has chosen a zone, a page they open asks for it first and then
    takes them on. Only page views: files, PDFs, feeds, JSON and form posts are never held up.
    """
    if (
        request.method != "GET"
        or not current_user.is_authenticated
        or current_user.time_zone is not None
        or request.endpoint in PROMPT_EXEMPT
        or is_public(current_app, request.endpoint)
        or not wants_html()
    ):
        return None
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.time_zone", next=target))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> ResponseReturnValue:
    user: User = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit() and attempt(
        lambda: services.change_password(
            user,
            form.current_password.data or "",
            form.password.data or "",
            current=current_session(),
        ),
        form,
    ):
        flash("Password changed. Every other session has been signed out.", "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)
