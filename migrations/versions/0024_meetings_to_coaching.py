"""1:1s and ride-alongs kept on an onboarding plan move into coaching, which now holds them.

Revision ID: 0024
Revises: 0023

Each ``onboarding_meetings`` row becomes a held coaching record of the plan's new hire with the
plan's manager:

- a 1:1 becomes a held ``coaching_one_on_ones`` row at its time (a record kept before meetings
  had a time is put at noon on its day in the new hire's zone), its agenda one covered topic
  by the manager, its notes kept, and each action item a ``coaching_action_items`` row owned
  by the new hire, due a week after. The old form carried items forward by copying their text
  into the next 1:1, so only the last 1:1 of a plan leaves its items open; an earlier 1:1's
  items are closed at the next 1:1 (by whoever recorded it), where the ones still open were
  written again. Text longer than a topic or an action item holds is cut there and kept in
  full in the notes;
- a ride-along becomes a held ``coaching_ride_alongs`` row: the manager observed (the old form
  had no demonstration calls), a discovery call (no stage was kept), the pre-call plan as its
  objective, observations and focus points as they were, the agreed action as the agreed
  practice, debriefed when it was held. No own assessment by the rep is invented;
- the plan item the record ticked off (``onboarding_items.meeting_id``) becomes the coaching
  record's ``plan_item_id``, so the item keeps its evidence.

Every move writes an audit entry (``onboarding.meeting_moved_to_coaching``, by the system)
holding the old row whole and naming its copy. The old table and the items' ``meeting_id``
are then DROPPED, not kept for a later release: nothing reads them any more, and a table of
private 1:1 notes that no page shows and no permission guards is a liability, not a backup.
The audit entries are the backup: the upgrade refuses to drop anything unless every row was
copied and audited, and the downgrade rebuilds the table from them (same ids), points the
items back at their records and removes the coaching copies it restores.

Plain SQL through SQLAlchemy Core, never the app's models: the models change after this.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

MOVED = 'onboarding.meeting_moved_to_coaching'
#: What a topic and an action item hold (String(500) columns).
SHORT = 500
#: A record kept before meetings had a time: put at noon on its day.
NOON = time(12, 0)

meetings = sa.table(
    'onboarding_meetings',
    sa.column('id', sa.Integer), sa.column('plan_id', sa.Integer), sa.column('kind', sa.String),
    sa.column('held_on', sa.Date), sa.column('starts_at', sa.DateTime(timezone=True)),
    sa.column('minutes', sa.Integer), sa.column('time_zone', sa.String),
    sa.column('agenda', sa.Text), sa.column('notes', sa.Text), sa.column('action_items', sa.JSON),
    sa.column('pre_call_plan', sa.Text), sa.column('observations', sa.Text),
    sa.column('focus_points', sa.Text), sa.column('agreed_action', sa.Text),
    sa.column('created_at', sa.DateTime(timezone=True)), sa.column('created_by_id', sa.Integer),
)
plans = sa.table(
    'onboarding_plans', sa.column('id', sa.Integer), sa.column('new_hire_id', sa.Integer),
    sa.column('manager_id', sa.Integer),
)
users = sa.table('users', sa.column('id', sa.Integer), sa.column('time_zone', sa.String))
items = sa.table('onboarding_items', sa.column('id', sa.Integer), sa.column('meeting_id', sa.Integer))
one_on_ones = sa.table(
    'coaching_one_on_ones',
    sa.column('id', sa.Integer), sa.column('rep_id', sa.Integer), sa.column('manager_id', sa.Integer),
    sa.column('scheduled_at', sa.DateTime(timezone=True)), sa.column('minutes', sa.Integer),
    sa.column('time_zone', sa.String), sa.column('status', sa.String),
    sa.column('held_at', sa.DateTime(timezone=True)), sa.column('notes', sa.Text),
    sa.column('deal_coaching', sa.Boolean), sa.column('opportunities', sa.Text),
    sa.column('next_steps', sa.Text), sa.column('skill_coaching', sa.Boolean),
    sa.column('competency_key', sa.String), sa.column('practised', sa.Text),
    sa.column('plan_item_id', sa.Integer), sa.column('reminded_at', sa.DateTime(timezone=True)),
    sa.column('created_at', sa.DateTime(timezone=True)), sa.column('version', sa.Integer),
)
topics = sa.table(
    'coaching_agenda_topics',
    sa.column('id', sa.Integer), sa.column('one_on_one_id', sa.Integer),
    sa.column('author_id', sa.Integer), sa.column('text', sa.String),
    sa.column('added_at', sa.DateTime(timezone=True)), sa.column('covered', sa.Boolean),
)
rides = sa.table(
    'coaching_ride_alongs',
    sa.column('id', sa.Integer), sa.column('rep_id', sa.Integer), sa.column('manager_id', sa.Integer),
    sa.column('scheduled_at', sa.DateTime(timezone=True)), sa.column('minutes', sa.Integer),
    sa.column('time_zone', sa.String), sa.column('status', sa.String), sa.column('account', sa.String),
    sa.column('objective', sa.Text), sa.column('call_stage', sa.String),
    sa.column('manager_role', sa.String), sa.column('competency_key', sa.String),
    sa.column('rep_assessment', sa.Text), sa.column('rep_assessed_at', sa.DateTime(timezone=True)),
    sa.column('observations', sa.Text), sa.column('focus_points', sa.Text),
    sa.column('agreed_practice', sa.Text), sa.column('debriefed_at', sa.DateTime(timezone=True)),
    sa.column('cancel_reason', sa.Text), sa.column('cancelled_at', sa.DateTime(timezone=True)),
    sa.column('plan_item_id', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('version', sa.Integer),
)
actions = sa.table(
    'coaching_action_items',
    sa.column('id', sa.Integer), sa.column('rep_id', sa.Integer), sa.column('kind', sa.String),
    sa.column('text', sa.String), sa.column('owner_id', sa.Integer), sa.column('due_on', sa.Date),
    sa.column('one_on_one_id', sa.Integer), sa.column('ride_along_id', sa.Integer),
    sa.column('created_at', sa.DateTime(timezone=True)), sa.column('created_by_id', sa.Integer),
    sa.column('done_at', sa.DateTime(timezone=True)), sa.column('done_by_id', sa.Integer),
    sa.column('version', sa.Integer),
)
ratings = sa.table('coaching_competency_ratings', sa.column('ride_along_id', sa.Integer))
audit = sa.table(
    'audit_events',
    sa.column('id', sa.Integer), sa.column('occurred_at', sa.DateTime(timezone=True)),
    sa.column('actor_id', sa.Integer), sa.column('action', sa.String),
    sa.column('object_type', sa.String), sa.column('object_id', sa.Integer),
    sa.column('object_label', sa.String), sa.column('before', sa.JSON), sa.column('after', sa.JSON),
    sa.column('ip_address', sa.String),
)


class _Moment:
    """Timestamps as the app keeps them: UTC, naive on SQLite (``hiring.db.UTCDateTime``)."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == 'sqlite'

    def read(self, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def write(self, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=None) if self.sqlite else value


def _zone(*names: str | None) -> str:
    """The first of ``names`` that is a zone the machine knows, else UTC."""
    for name in names:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return 'UTC'


def _cut(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + '\u2026'


def upgrade():
    bind = op.get_bind()
    moment = _Moment(bind.dialect.name)
    moved_before = _moves(bind)
    ticked: dict[int, list[int]] = {}
    for item_id, meeting_id in bind.execute(
        sa.select(items.c.id, items.c.meeting_id).where(items.c.meeting_id.is_not(None)).order_by(items.c.id)
    ):
        ticked.setdefault(meeting_id, []).append(item_id)
    rows = bind.execute(
        sa.select(meetings, plans.c.new_hire_id, plans.c.manager_id, users.c.time_zone.label('rep_zone'))
        .join(plans, plans.c.id == meetings.c.plan_id)
        .join(users, users.c.id == plans.c.new_hire_id)
        .order_by(meetings.c.plan_id, meetings.c.held_on, meetings.c.id)
    ).mappings().all()
    # An earlier 1:1's action items close when the next 1:1 of the plan is held.
    next_one: dict[int, Any] = {}
    previous: Any = None
    for row in rows:
        if row['kind'] != 'one_on_one':
            continue
        if previous is not None and previous['plan_id'] == row['plan_id']:
            next_one[previous['id']] = row
        previous = row
    taken: set[tuple[int, datetime]] = {
        (rep, moment.read(at)) for rep, at in bind.execute(sa.select(one_on_ones.c.rep_id, one_on_ones.c.scheduled_at))
    }
    for row in rows:
        zone = _zone(row['time_zone'], row['rep_zone'])
        start = moment.read(row['starts_at']) or datetime.combine(
            row['held_on'], NOON, ZoneInfo(zone)
        ).astimezone(UTC)
        item_ids = ticked.get(row['id'], [])
        if row['kind'] == 'one_on_one':
            while (row['new_hire_id'], start) in taken:  # one 1:1 a slot: keep both, a minute on
                start += timedelta(minutes=1)
            taken.add((row['new_hire_id'], start))
            copy = ('one_on_one', _one_on_one(bind, moment, row, start, zone, item_ids, next_one.get(row['id'])))
        else:
            copy = ('ride_along', _ride_along(bind, moment, row, start, zone, item_ids))
        _audit(bind, moment, row, item_ids, copy)
    moved = _moves(bind) - moved_before
    if moved != len(rows):
        raise RuntimeError(f'0024 copied {moved} of {len(rows)} onboarding meetings; nothing dropped')

    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_onboarding_items_meeting_id_onboarding_meetings'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_onboarding_items_meeting_id'))
        batch_op.drop_column('meeting_id')
    with op.batch_alter_table('onboarding_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onboarding_meetings_plan_id'))
    op.drop_table('onboarding_meetings')


def _moves(bind) -> int:
    """Audited moves so far (an upgrade after a downgrade finds the earlier ones)."""
    return bind.execute(sa.select(sa.func.count()).select_from(audit).where(audit.c.action == MOVED)).scalar_one()


def _one_on_one(bind, moment, row, start, zone, item_ids, following) -> int:
    agenda, notes = row['agenda'].strip(), row['notes'].strip()
    listed = [a.strip() for a in row['action_items'] or [] if a and a.strip()]
    overflow = [text for text in ([agenda] if agenda else []) + listed if len(text) > SHORT]
    if overflow:
        notes = '\n\n'.join([notes, *overflow]).strip()
    created = moment.read(row['created_at'])
    meeting_id = bind.execute(
        one_on_ones.insert().values(
            rep_id=row['new_hire_id'], manager_id=row['manager_id'], scheduled_at=moment.write(start),
            minutes=row['minutes'] or 30, time_zone=zone, status='held', held_at=moment.write(start),
            notes=notes, deal_coaching=False, opportunities='', next_steps='', skill_coaching=False,
            competency_key=None, practised='', plan_item_id=item_ids[0] if item_ids else None,
            reminded_at=None, created_at=moment.write(created), version=1,
        ).returning(one_on_ones.c.id)
    ).scalar_one()
    if agenda:
        bind.execute(topics.insert().values(
            one_on_one_id=meeting_id, author_id=row['manager_id'], text=_cut(agenda),
            added_at=moment.write(created), covered=True,
        ))
    closed = None
    if following is not None:
        closed = moment.read(following['starts_at']) or datetime.combine(following['held_on'], NOON, UTC)
    for text in listed:
        bind.execute(actions.insert().values(
            rep_id=row['new_hire_id'], kind='action', text=_cut(text), owner_id=row['new_hire_id'],
            due_on=row['held_on'] + timedelta(days=7), one_on_one_id=meeting_id, ride_along_id=None,
            created_at=moment.write(created), created_by_id=row['created_by_id'],
            done_at=moment.write(closed), done_by_id=following['created_by_id'] if following is not None else None,
            version=1,
        ))
    return meeting_id


def _ride_along(bind, moment, row, start, zone, item_ids) -> int:
    minutes = row['minutes'] or 60
    return bind.execute(
        rides.insert().values(
            rep_id=row['new_hire_id'], manager_id=row['manager_id'], scheduled_at=moment.write(start),
            minutes=minutes, time_zone=zone, status='held', account='',
            objective=row['pre_call_plan'].strip(), call_stage='discovery', manager_role='observe',
            competency_key=None, rep_assessment='', rep_assessed_at=None,
            observations=row['observations'].strip(), focus_points=row['focus_points'].strip(),
            agreed_practice=row['agreed_action'].strip(),
            debriefed_at=moment.write(start + timedelta(minutes=minutes)),
            cancel_reason='', cancelled_at=None, plan_item_id=item_ids[0] if item_ids else None,
            created_at=moment.write(moment.read(row['created_at'])), version=1,
        ).returning(rides.c.id)
    ).scalar_one()


def _audit(bind, moment, row, item_ids, copy) -> None:
    """The move, by the system, with the old row whole: the downgrade rebuilds from it."""
    kind, copy_id = copy
    old = {key: row[key] for key in (
        'id', 'plan_id', 'kind', 'minutes', 'time_zone', 'agenda', 'notes', 'pre_call_plan',
        'observations', 'focus_points', 'agreed_action', 'created_by_id',
    )}
    old['action_items'] = list(row['action_items'] or [])
    old['held_on'] = row['held_on'].isoformat()
    for key in ('starts_at', 'created_at'):
        value = moment.read(row[key])
        old[key] = value.isoformat() if value else None
    old['items'] = item_ids
    label = '1:1' if kind == 'one_on_one' else 'Ride-along'
    bind.execute(audit.insert().values(
        occurred_at=moment.write(datetime.now(UTC)), actor_id=None, action=MOVED,
        object_type='onboarding_plans', object_id=row['plan_id'],
        object_label=f'{label} of {row["held_on"].isoformat()} moved to coaching',
        before=old, after={kind: copy_id}, ip_address=None,
    ))


def downgrade():
    op.create_table('onboarding_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('one_on_one', 'ride_along', name='meeting_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('action_items', sa.JSON(), nullable=False),
    sa.Column('pre_call_plan', sa.Text(), nullable=False),
    sa.Column('observations', sa.Text(), nullable=False),
    sa.Column('focus_points', sa.Text(), nullable=False),
    sa.Column('agreed_action', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_onboarding_meetings_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['onboarding_plans.id'], name=op.f('fk_onboarding_meetings_plan_id_onboarding_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_meetings'))
    )
    with op.batch_alter_table('onboarding_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onboarding_meetings_plan_id'), ['plan_id'], unique=False)
    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_onboarding_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_onboarding_items_meeting_id_onboarding_meetings'),
            'onboarding_meetings', ['meeting_id'], ['id'], ondelete='SET NULL',
        )
    bind = op.get_bind()
    moment = _Moment(bind.dialect.name)
    restored = 0
    for before, after in bind.execute(
        sa.select(audit.c.before, audit.c.after).where(audit.c.action == MOVED).order_by(audit.c.id)
    ):
        # A copy already restored (or deleted since), or one whose plan is gone, stays as is.
        plan = bind.execute(sa.select(plans.c.id).where(plans.c.id == before['plan_id'])).first()
        if plan is not None and _remove_copy(bind, after):
            _restore(bind, moment, before)
            restored += 1
    if restored and bind.dialect.name == 'postgresql':
        bind.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('onboarding_meetings', 'id'),"
            " (SELECT max(id) FROM onboarding_meetings))"
        )


def _remove_copy(bind, after) -> bool:
    """Delete the coaching copy an audit entry names, with what hangs off it (False: gone)."""
    if 'one_on_one' in after:
        copy_id = after['one_on_one']
        if bind.execute(sa.select(one_on_ones.c.id).where(one_on_ones.c.id == copy_id)).first() is None:
            return False
        bind.execute(actions.delete().where(actions.c.one_on_one_id == copy_id))
        bind.execute(topics.delete().where(topics.c.one_on_one_id == copy_id))
        bind.execute(one_on_ones.delete().where(one_on_ones.c.id == copy_id))
        return True
    copy_id = after['ride_along']
    if bind.execute(sa.select(rides.c.id).where(rides.c.id == copy_id)).first() is None:
        return False
    bind.execute(actions.delete().where(actions.c.ride_along_id == copy_id))
    bind.execute(ratings.delete().where(ratings.c.ride_along_id == copy_id))
    bind.execute(rides.delete().where(rides.c.id == copy_id))
    return True


def _restore(bind, moment, old) -> None:
    def at(value: str | None) -> datetime | None:
        return moment.write(datetime.fromisoformat(value)) if value else None

    bind.execute(meetings.insert().values(
        id=old['id'], plan_id=old['plan_id'], kind=old['kind'], held_on=date.fromisoformat(old['held_on']),
        starts_at=at(old['starts_at']), minutes=old['minutes'], time_zone=old['time_zone'],
        agenda=old['agenda'], notes=old['notes'], action_items=old['action_items'],
        pre_call_plan=old['pre_call_plan'], observations=old['observations'],
        focus_points=old['focus_points'], agreed_action=old['agreed_action'],
        created_at=at(old['created_at']), created_by_id=old['created_by_id'],
    ))
    if old['items']:
        bind.execute(items.update().where(items.c.id.in_(old['items'])).values(meeting_id=old['id']))
