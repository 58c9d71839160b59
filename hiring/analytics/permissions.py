"""Who reads which analytics.

Agreement, funnel and quality of hire: admins for every position, hiring managers and
recruiters for the positions they hire or recruit for. Interviewer calibration: admins, and
hiring managers for their own positions; each interviewer sees their own. Adverse impact
reads voluntary self-identification, so only admins see it, and only in aggregate; admins
import it, and recruiters (or admins) send the link that collects it.
"""

from __future__ import annotations

from hiring.auth.models import Role, User


def can_open_analytics(user: User) -> bool:
    return user.has_role(Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER)


def can_see_calibration(user: User) -> bool:
    """Every interviewer's calibration (for the positions the reader may see)."""
    return user.has_role(Role.ADMIN, Role.HIRING_MANAGER)


def can_see_interviewer(user: User, interviewer_id: int) -> bool:
    """One interviewer's own calibration: theirs, or a reader of everyone's."""
    return user.id == interviewer_id or can_see_calibration(user)


def can_see_impact(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def can_request_self_id(user: User) -> bool:
    """Asking a candidate for voluntary self-identification: admins and recruiters (who
    manage every application). It shows when a link was sent, never any answer."""
    return user.has_role(Role.ADMIN, Role.RECRUITER)


def can_import_self_id(user: User) -> bool:
    return user.has_role(Role.ADMIN)
