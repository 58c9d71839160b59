"""No verdict on thin evidence: the role profile's minimum evidence, and the reason a
decision was taken before it was met.

Revision ID: 0011
Revises: 0010

Existing role profiles get the default (every must-have rated by 2 interviewers, every
planned stage's cards in); existing decisions have no decide-now reason (NULL).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('role_profiles', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'evidence_raters_per_must_have', sa.Integer(), server_default='2', nullable=False
            )
        )
        batch_op.add_column(
            sa.Column('evidence_all_stages', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decide_now_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('decide_now_reason')
    with op.batch_alter_table('role_profiles', schema=None) as batch_op:
        batch_op.drop_column('evidence_all_stages')
        batch_op.drop_column('evidence_raters_per_must_have')
