"""An interviewer's latest submitted cards without sorting their history.

Revision ID: 0029
Revises: 0028

One index on scorecards, nothing else: ``ix_scorecards_submitted`` (interviewer, status,
submitted) gives "my interviews" the latest few cards an interviewer submitted by walking it
backwards, where the history of an interviewer of hundreds of panels was read and sorted on
every view. No data changes either way.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_scorecards_submitted",
        "scorecards",
        ["interviewer_id", "status", "submitted_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_scorecards_submitted", table_name="scorecards")
