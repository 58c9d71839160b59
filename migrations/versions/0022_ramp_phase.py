"""Onboarding items and goals may sit in a fourth phase, the optional months 4-6 ramp.

Revision ID: 0022
Revises: 0021

The phase is a VARCHAR checked by a named constraint (``hiring.db.value_enum``), so adding the
member replaces the CHECK on both tables. Downgrading moves ramp items and goals into the Own
phase first (their days and due dates are kept) so every row survives under the old check;
the day-120/150/180 check-ins need no schema and stay as they are.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

TABLES = ('onboarding_items', 'onboarding_goals')
OLD = ('learn', 'contribute', 'own')
NEW = OLD + ('ramp',)


def _replace_check(table, members):
    allowed = ', '.join(f"'{m}'" for m in members)
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(f'ck_{table}_phase'), type_='check')
        batch_op.create_check_constraint(batch_op.f(f'ck_{table}_phase'), f'phase IN ({allowed})')


def upgrade():
    for table in TABLES:
        _replace_check(table, NEW)


def downgrade():
    for table in TABLES:
        op.execute(sa.text(f"UPDATE {table} SET phase = 'own' WHERE phase = 'ramp'"))
        _replace_check(table, OLD)
