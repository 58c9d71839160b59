"""Each application's formula result, stored for the comparison to sort and page in SQL.

Revision ID: 0018
Revises: 0017

``comparison_scores`` holds the sortable numbers (score, submitted cards, flags) and
``comparison_means`` each competency's panel mean. A row is fresh when ``computed`` equals
``changes``; every existing application starts behind (changes 1, computed 0), so the first
comparison of each position computes its numbers once (``hiring.debriefs.ranking``).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'comparison_scores',
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('changes', sa.Integer(), nullable=False),
        sa.Column('computed', sa.Integer(), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('scorecards', sa.Integer(), nullable=False),
        sa.Column('flags', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['application_id'], ['applications.id'],
            name=op.f('fk_comparison_scores_application_id_applications'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('application_id', name=op.f('pk_comparison_scores')),
    )
    op.create_table(
        'comparison_means',
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('competency_key', sa.String(length=60), nullable=False),
        sa.Column('mean', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ['application_id'], ['applications.id'],
            name=op.f('fk_comparison_means_application_id_applications'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'application_id', 'competency_key', name=op.f('pk_comparison_means')
        ),
    )
    # Every existing application starts behind: its numbers are computed when first compared.
    op.execute(
        'INSERT INTO comparison_scores (application_id, changes, computed, scorecards, flags) '
        'SELECT id, 1, 0, 0, 0 FROM applications'
    )


def downgrade():
    op.drop_table('comparison_means')
    op.drop_table('comparison_scores')
