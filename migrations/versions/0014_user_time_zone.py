"""Every time in its reader's zone: users choose a time zone; history keeps its moments.

Revision ID: 0014
Revises: 0013

Users gain ``time_zone`` (an IANA name), empty for everyone until they choose: the app asks on
their next sign-in and uses the organisation's DEFAULT_TIME_ZONE until then.

An "interview scheduled" history entry wrote its start into its text ("Phone screen on
2026-12-02 16:00 UTC"), so every reader saw UTC. Entries gain ``happens_at``, the moment they
are about, which each reader sees in their own zone; existing entries have it read back from
their text, which keeps the stage name. Downgrading writes the text back as it was.
"""
import re
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

events = sa.table(
    'application_events',
    sa.column('id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('reason', sa.Text),
    sa.column('happens_at', sa.DateTime(timezone=True)),
)
#: The text 0004..0013 wrote for a scheduled interview.
SCHEDULED = re.compile(r'^(?P<stage>.*) on (?P<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC$', re.S)


def _stored(moment, dialect):
    """UTC as the app's UTCDateTime stores it: naive on SQLite, aware on PostgreSQL."""
    return moment.replace(tzinfo=None) if dialect == 'sqlite' else moment


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('happens_at', sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    dialect = connection.dialect.name
    rows = connection.execute(
        sa.select(events.c.id, events.c.reason).where(events.c.kind == 'interview_scheduled')
    ).all()
    for event_id, reason in rows:
        found = SCHEDULED.match(reason or '')
        if found is None:
            continue
        moment = datetime.strptime(found['at'], '%Y-%m-%d %H:%M').replace(tzinfo=UTC)
        connection.execute(
            events.update()
            .where(events.c.id == event_id)
            .values(reason=found['stage'], happens_at=_stored(moment, dialect))
        )


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events.c.id, events.c.reason, events.c.happens_at).where(
            events.c.kind == 'interview_scheduled', events.c.happens_at.is_not(None)
        )
    ).all()
    for event_id, reason, happens_at in rows:
        moment = happens_at if happens_at.tzinfo else happens_at.replace(tzinfo=UTC)
        connection.execute(
            events.update()
            .where(events.c.id == event_id)
            .values(reason=f'{reason} on {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC')
        )
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_column('happens_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
