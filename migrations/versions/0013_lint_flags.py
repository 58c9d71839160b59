"""Risky wording is saved with a reason and flagged, not refused; everything is re-linted.

Revision ID: 0013
Revises: 0012

Questions gain the author's reason for keeping wording the lint flags and an admin's
clearance; plan stages gain the same for their interviewer instructions. Every existing
question (its text, probes, look-fors, red flags and observable anchors) and every stage's instructions are
linted again with the rules as they are at upgrade time, in the findings' current shape
(older rows held ``reason`` where findings now hold ``why``). Nothing is deleted or changed:
a risky existing text is only flagged for an admin to review.
"""
from alembic import op
import sqlalchemy as sa

from hiring.library.lint import findings_for


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

questions = sa.table(
    'questions',
    sa.column('id', sa.Integer),
    sa.column('text', sa.Text),
    sa.column('probes', sa.JSON),
    sa.column('look_fors', sa.JSON),
    sa.column('red_flags', sa.JSON),
    sa.column('anchors', sa.JSON),
    sa.column('lint', sa.JSON),
)
stages = sa.table(
    'plan_stages',
    sa.column('id', sa.Integer),
    sa.column('instructions', sa.Text),
    sa.column('lint', sa.JSON),
)


def _flag_columns(batch_op, table):
    batch_op.add_column(sa.Column('lint_reason', sa.Text(), server_default='', nullable=False))
    batch_op.add_column(sa.Column('lint_cleared_at', sa.DateTime(timezone=True), nullable=True))
    batch_op.add_column(sa.Column('lint_cleared_by_id', sa.Integer(), nullable=True))
    batch_op.create_foreign_key(
        batch_op.f(f'fk_{table}_lint_cleared_by_id_users'),
        'users',
        ['lint_cleared_by_id'],
        ['id'],
        ondelete='RESTRICT',
    )


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        _flag_columns(batch_op, 'questions')
    with op.batch_alter_table('plan_stages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lint', sa.JSON(), server_default='[]', nullable=False))
        _flag_columns(batch_op, 'plan_stages')
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            questions.c.id,
            questions.c.text,
            questions.c.probes,
            questions.c.look_fors,
            questions.c.red_flags,
            questions.c.anchors,
        )
    ).all()
    for question_id, text, probes, look_fors, red_flags, anchors in rows:
        found = findings_for(
            text=text or "",
            probes=list(probes or []),
            look_fors=list(look_fors or []),
            red_flags=list(red_flags or []),
            anchors=list(anchors or []),
        )
        connection.execute(
            questions.update().where(questions.c.id == question_id).values(lint=found)
        )
    for stage_id, instructions in connection.execute(
        sa.select(stages.c.id, stages.c.instructions).where(stages.c.instructions != '')
    ).all():
        found = findings_for(instructions=instructions)
        if found:
            connection.execute(stages.update().where(stages.c.id == stage_id).values(lint=found))


def downgrade():
    with op.batch_alter_table('plan_stages', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_plan_stages_lint_cleared_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('lint_cleared_by_id')
        batch_op.drop_column('lint_cleared_at')
        batch_op.drop_column('lint_reason')
        batch_op.drop_column('lint')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_questions_lint_cleared_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('lint_cleared_by_id')
        batch_op.drop_column('lint_cleared_at')
        batch_op.drop_column('lint_reason')
