"""Development goals keep their interview numbers for the manager only.

Revision ID: 0010
Revises: 0009

The seeded "Why: the interviews found panel mean 2.2 against a bar of 2.8." line was one of
the coaching actions, which the new hire and the buddy read. It moves to a manager-only
column; the new hire's copy gets the developmental wording instead. A manager's own rewording
(no "Why: the interviews found" line) is left exactly as it is.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

SEEDED = "Why: the interviews found "
DEVELOPMENTAL = (
    "Why: the interviews pointed to this as the skill where coaching will help you most."
)

goals = sa.table(
    'onboarding_goals',
    sa.column('id', sa.Integer),
    sa.column('coaching_actions', sa.JSON),
    sa.column('interview_summary', sa.Text),
)


def upgrade():
    with op.batch_alter_table('onboarding_goals', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('interview_summary', sa.Text(), server_default='', nullable=False)
        )
    connection = op.get_bind()
    for goal_id, actions in connection.execute(sa.select(goals.c.id, goals.c.coaching_actions)):
        seeded = [a for a in actions or [] if isinstance(a, str) and a.startswith(SEEDED)]
        if not seeded:
            continue
        summary = "The interviews found " + seeded[0][len(SEEDED):]
        kept = [DEVELOPMENTAL if a in seeded else a for a in actions]
        connection.execute(
            goals.update()
            .where(goals.c.id == goal_id)
            .values(coaching_actions=kept, interview_summary=summary)
        )


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(goals.c.id, goals.c.coaching_actions, goals.c.interview_summary)
    )
    for goal_id, actions, summary in rows:
        if not summary:
            continue
        restored = [
            "Why: " + summary[0].lower() + summary[1:] if a == DEVELOPMENTAL else a
            for a in actions or []
        ]
        connection.execute(
            goals.update().where(goals.c.id == goal_id).values(coaching_actions=restored)
        )
    with op.batch_alter_table('onboarding_goals', schema=None) as batch_op:
        batch_op.drop_column('interview_summary')
