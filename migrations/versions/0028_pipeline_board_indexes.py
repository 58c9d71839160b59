"""Pipeline board indexes: each column's count and first cards without sorting the history.

Revision ID: 0028
Revises: 0027

Two indexes on applications, nothing else: ``ix_applications_board`` (position, status, stage,
applied) answers the board's counts per column on its own and gives each open column's
first cards; ``ix_applications_closed`` (position, updated) gives the latest closed
applications without sorting all of them. No data changes either way.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_applications_board",
        "applications",
        ["position_id", "status", "stage_index", "applied_at"],
        unique=False,
    )
    op.create_index(
        "ix_applications_closed", "applications", ["position_id", "updated_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_applications_closed", table_name="applications")
    op.drop_index("ix_applications_board", table_name="applications")
