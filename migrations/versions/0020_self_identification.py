"""Voluntary self-identification and the single-use links that collect it.

Revision ID: 0020
Revises: 0019

``self_identifications`` holds one candidate's EEO-1 answers (sex, race/ethnicity, veteran,
disability; each may be declined), apart from applications and candidates, and deleted with
the candidate. ``self_id_requests`` holds the links a recruiter sent: only a SHA-256 of each
token, its expiry, and when it was used or voided by a newer link.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def _answer(name, values, length):
    return sa.Enum(
        *values, 'prefer_not', 'not_answered',
        name=name, native_enum=False, create_constraint=True, length=length,
    )


def upgrade():
    op.create_table(
        'self_identifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('sex', _answer('self_id_sex', ('female', 'male'), 16), nullable=False),
        sa.Column(
            'race_ethnicity',
            _answer(
                'self_id_race_ethnicity',
                ('hispanic_latino', 'white', 'black', 'pacific_islander', 'asian',
                 'american_indian', 'two_or_more'),
                24,
            ),
            nullable=False,
        ),
        sa.Column(
            'veteran',
            _answer('self_id_veteran', ('protected_veteran', 'not_protected_veteran'), 24),
            nullable=False,
        ),
        sa.Column(
            'disability',
            _answer('self_id_disability', ('disability', 'no_disability'), 16),
            nullable=False,
        ),
        sa.Column(
            'source',
            sa.Enum('link', 'import', name='self_id_source', native_enum=False,
                    create_constraint=True, length=8),
            nullable=False,
        ),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['candidate_id'], ['candidates.id'],
            name=op.f('fk_self_identifications_candidate_id_candidates'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_self_identifications')),
        sa.UniqueConstraint('candidate_id', name=op.f('uq_self_identifications_candidate_id')),
    )
    op.create_table(
        'self_id_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['candidate_id'], ['candidates.id'],
            name=op.f('fk_self_id_requests_candidate_id_candidates'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['sent_by_id'], ['users.id'],
            name=op.f('fk_self_id_requests_sent_by_id_users'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_self_id_requests')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_self_id_requests_token_hash')),
    )
    with op.batch_alter_table('self_id_requests', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_self_id_requests_candidate_id'), ['candidate_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('self_id_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_id_requests_candidate_id'))
    op.drop_table('self_id_requests')
    op.drop_table('self_identifications')
