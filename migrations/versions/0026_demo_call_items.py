"""Plan items may be demonstration calls, and a plan item asks for one ride-along, not two.

Revision ID: 0026
Revises: 0025

A demonstration call (the manager sells, the new hire watches) is mentoring, never coaching,
so it gets its own item kind: a coaching ride-along ticks only ride-along items and a
demonstration call only demonstration-call items. The kind is a VARCHAR checked by a named
constraint (``hiring.db.value_enum``), so adding the member replaces that CHECK, as 0022 did
for the phase.

The shipped templates' items that asked for two calls ("Two coaching ride-alongs",
"Manager demo calls", ...) are now two items each, one per call, so that one call cannot tick
both. Existing plans get the same split: the item keeps its id, state and any link from a
ride-along under the "(1 of 2)" title, and an open "(2 of 2)" copy is added beside it. The
demo-call items change kind. Downgrading folds them back (the copy is deleted) and turns any
demonstration-call item back into a ride-along before restoring the old CHECK.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

OLD = ('learning', 'shadowing', 'ride_along', 'one_on_one', 'certification', 'deliverable', 'connection')
NEW = OLD + ('demo_call',)

#: Old title -> (first title, second title, kind), as in the shipped role templates.
SPLITS = {
    'Manager demo calls': ('Manager demo call (1 of 2)', 'Manager demo call (2 of 2)', 'demo_call'),
    'Two coaching ride-alongs': ('Coaching ride-along (1 of 2)', 'Coaching ride-along (2 of 2)', 'ride_along'),
    'Focus-skill ride-alongs': ('Focus-skill ride-along (1 of 2)', 'Focus-skill ride-along (2 of 2)', 'ride_along'),
    'Two call-coaching sessions': ('Call-coaching session (1 of 2)', 'Call-coaching session (2 of 2)', 'ride_along'),
    'Focus-skill coaching sessions': ('Focus-skill coaching session (1 of 2)', 'Focus-skill coaching session (2 of 2)', 'ride_along'),
}

#: The columns copied to the second item; its done state and score start empty.
COPIED = 'plan_id, phase, day, due_date, description, owner, evidence_required, generated'


def _replace_check(members):
    allowed = ', '.join(f"'{m}'" for m in members)
    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_onboarding_items_item_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_onboarding_items_item_kind'), f'kind IN ({allowed})')


def upgrade():
    _replace_check(NEW)
    for old, (first, second, kind) in SPLITS.items():
        op.execute(sa.text(
            f"INSERT INTO onboarding_items ({COPIED}, title, kind, completion_note, evidence_url) "
            f"SELECT {COPIED}, :second, :kind, '', '' FROM onboarding_items "
            "WHERE title = :old AND kind = 'ride_along'"
        ).bindparams(old=old, second=second, kind=kind))
        op.execute(sa.text(
            "UPDATE onboarding_items SET title = :first, kind = :kind "
            "WHERE title = :old AND kind = 'ride_along'"
        ).bindparams(old=old, first=first, kind=kind))


def downgrade():
    for old, (first, second, kind) in SPLITS.items():
        op.execute(sa.text(
            "DELETE FROM onboarding_items WHERE title = :second AND kind = :kind"
        ).bindparams(second=second, kind=kind))
        op.execute(sa.text(
            "UPDATE onboarding_items SET title = :old WHERE title = :first AND kind = :kind"
        ).bindparams(old=old, first=first, kind=kind))
    op.execute(sa.text("UPDATE onboarding_items SET kind = 'ride_along' WHERE kind = 'demo_call'"))
    _replace_check(OLD)
