"""Coaching beyond day 90, and the plan's hand-over to it.

Revision ID: 0021
Revises: 0020

New ``coaching_*`` tables: a coaching profile per rep (role profile, 1:1 cadence), 1:1s with
their shared agenda, ride-alongs, competency ratings after day 90, action items that carry
forward, motivator rankings (a row per revisit, so history stays) and support plans with
their expectations and weekly check-ins. On the plan: certification items gain a score on the
competency's anchors and a named assessor, goals an owner (every existing goal is the new
hire's, as the plan page has always shown them), and milestone check-ins competency ratings.
No existing row changes meaning.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coaching_motivator_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('ranking', sa.JSON(), nullable=False),
    sa.Column('own_words', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_coaching_motivator_profiles_recorded_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_motivator_profiles_rep_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_motivator_profiles'))
    )
    with op.batch_alter_table('coaching_motivator_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_motivator_profiles_recorded_at'), ['recorded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_motivator_profiles_rep_id'), ['rep_id'], unique=False)

    op.create_table('coaching_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('role_profile_id', sa.Integer(), nullable=True),
    sa.Column('cadence', sa.Enum('weekly', 'fortnightly', name='coaching_cadence', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('first_on', sa.Date(), nullable=False),
    sa.Column('starts_at_local', sa.Time(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('ride_alongs_per_month', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_profiles_rep_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_profile_id'], ['role_profiles.id'], name=op.f('fk_coaching_profiles_role_profile_id_role_profiles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_coaching_profiles_updated_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_profiles')),
    sa.UniqueConstraint('rep_id', name=op.f('uq_coaching_profiles_rep_id'))
    )
    op.create_table('coaching_support_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'active', 'closed', name='support_plan_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('diagnosis', sa.Enum('skill_gap', 'effort_gap', 'wrong_role', name='support_diagnosis', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('diagnosis_note', sa.Text(), nullable=False),
    sa.Column('support', sa.JSON(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('hr_informed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('manager_acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rep_acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rep_comment', sa.Text(), nullable=False),
    sa.Column('extended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=False),
    sa.Column('original_ends_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Enum('met', 'extended', 'moved', 'ended', name='support_outcome', native_enum=False, create_constraint=True, length=16), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['checkin_id'], ['onboarding_checkins.id'], name=op.f('fk_coaching_support_plans_checkin_id_onboarding_checkins'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_coaching_support_plans_closed_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_coaching_support_plans_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['goal_id'], ['onboarding_goals.id'], name=op.f('fk_coaching_support_plans_goal_id_onboarding_goals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_coaching_support_plans_manager_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_support_plans_rep_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_support_plans'))
    )
    with op.batch_alter_table('coaching_support_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_support_plans_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_support_plans_rep_id'), ['rep_id'], unique=False)

    op.create_table('onboarding_checkin_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=False),
    sa.Column('competency_key', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('rated_by_id', sa.Integer(), nullable=False),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checkin_id'], ['onboarding_checkins.id'], name=op.f('fk_onboarding_checkin_ratings_checkin_id_onboarding_checkins'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rated_by_id'], ['users.id'], name=op.f('fk_onboarding_checkin_ratings_rated_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_checkin_ratings')),
    sa.UniqueConstraint('checkin_id', 'competency_key', name='uq_checkin_ratings_competency')
    )
    with op.batch_alter_table('onboarding_checkin_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onboarding_checkin_ratings_checkin_id'), ['checkin_id'], unique=False)

    op.create_table('coaching_one_on_ones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'held', 'cancelled', name='coaching_one_on_one_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('deal_coaching', sa.Boolean(), nullable=False),
    sa.Column('opportunities', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('skill_coaching', sa.Boolean(), nullable=False),
    sa.Column('competency_key', sa.String(length=60), nullable=True),
    sa.Column('practised', sa.Text(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_coaching_one_on_ones_manager_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_item_id'], ['onboarding_items.id'], name=op.f('fk_coaching_one_on_ones_plan_item_id_onboarding_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_one_on_ones_rep_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_one_on_ones')),
    sa.UniqueConstraint('rep_id', 'scheduled_at', name='uq_one_on_ones_slot')
    )
    with op.batch_alter_table('coaching_one_on_ones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_one_on_ones_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_one_on_ones_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_one_on_ones_rep_id'), ['rep_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_one_on_ones_scheduled_at'), ['scheduled_at'], unique=False)

    op.create_table('coaching_ride_alongs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'held', 'cancelled', name='coaching_ride_along_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('account', sa.String(length=200), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('call_stage', sa.Enum('prospecting', 'discovery', 'demo', 'proposal', 'negotiation', 'closing', 'account_review', name='call_stage', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('manager_role', sa.Enum('observe', 'demonstrate', name='call_role', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('competency_key', sa.String(length=60), nullable=True),
    sa.Column('rep_assessment', sa.Text(), nullable=False),
    sa.Column('rep_assessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('observations', sa.Text(), nullable=False),
    sa.Column('focus_points', sa.Text(), nullable=False),
    sa.Column('agreed_practice', sa.Text(), nullable=False),
    sa.Column('debriefed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('plan_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_coaching_ride_alongs_manager_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_item_id'], ['onboarding_items.id'], name=op.f('fk_coaching_ride_alongs_plan_item_id_onboarding_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_ride_alongs_rep_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_ride_alongs'))
    )
    with op.batch_alter_table('coaching_ride_alongs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_ride_alongs_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_ride_alongs_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_ride_alongs_rep_id'), ['rep_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_ride_alongs_scheduled_at'), ['scheduled_at'], unique=False)

    op.create_table('coaching_support_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('support_plan_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('progress', sa.Enum('on_track', 'at_risk', 'off_track', name='support_progress', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_coaching_support_checkins_recorded_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['support_plan_id'], ['coaching_support_plans.id'], name=op.f('fk_coaching_support_checkins_support_plan_id_coaching_support_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_support_checkins'))
    )
    with op.batch_alter_table('coaching_support_checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_support_checkins_support_plan_id'), ['support_plan_id'], unique=False)

    op.create_table('coaching_support_expectations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('support_plan_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=300), nullable=False),
    sa.Column('metric', sa.String(length=200), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('actual', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['support_plan_id'], ['coaching_support_plans.id'], name=op.f('fk_coaching_support_expectations_support_plan_id_coaching_support_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_support_expectations'))
    )
    with op.batch_alter_table('coaching_support_expectations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_support_expectations_support_plan_id'), ['support_plan_id'], unique=False)

    op.create_table('coaching_action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('action', 'client_follow_up', name='coaching_action_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('one_on_one_id', sa.Integer(), nullable=True),
    sa.Column('ride_along_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_coaching_action_items_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_coaching_action_items_done_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['one_on_one_id'], ['coaching_one_on_ones.id'], name=op.f('fk_coaching_action_items_one_on_one_id_coaching_one_on_ones'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_coaching_action_items_owner_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_action_items_rep_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ride_along_id'], ['coaching_ride_alongs.id'], name=op.f('fk_coaching_action_items_ride_along_id_coaching_ride_alongs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_action_items'))
    )
    with op.batch_alter_table('coaching_action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_action_items_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_action_items_one_on_one_id'), ['one_on_one_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_action_items_rep_id'), ['rep_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_action_items_ride_along_id'), ['ride_along_id'], unique=False)

    op.create_table('coaching_agenda_topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('one_on_one_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('covered', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_coaching_agenda_topics_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['one_on_one_id'], ['coaching_one_on_ones.id'], name=op.f('fk_coaching_agenda_topics_one_on_one_id_coaching_one_on_ones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_agenda_topics'))
    )
    with op.batch_alter_table('coaching_agenda_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_agenda_topics_one_on_one_id'), ['one_on_one_id'], unique=False)

    op.create_table('coaching_competency_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('competency_key', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('ride_along', 'review', name='competency_rating_source', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('ride_along_id', sa.Integer(), nullable=True),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_coaching_competency_ratings_assessor_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_coaching_competency_ratings_rep_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ride_along_id'], ['coaching_ride_alongs.id'], name=op.f('fk_coaching_competency_ratings_ride_along_id_coaching_ride_alongs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_competency_ratings'))
    )
    with op.batch_alter_table('coaching_competency_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_competency_ratings_rep_id'), ['rep_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_competency_ratings_ride_along_id'), ['ride_along_id'], unique=False)

    with op.batch_alter_table('onboarding_goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.Enum('new_hire', 'manager', 'buddy', name='goal_owner', native_enum=False, create_constraint=True, length=16), server_default='new_hire', nullable=False))

    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competency_key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scored_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_onboarding_items_assessor_id_users'), 'users', ['assessor_id'], ['id'], ondelete='RESTRICT')



def downgrade():
    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_onboarding_items_assessor_id_users'), type_='foreignkey')
        batch_op.drop_column('scored_at')
        batch_op.drop_column('assessor_id')
        batch_op.drop_column('score')
        batch_op.drop_column('competency_key')

    with op.batch_alter_table('onboarding_goals', schema=None) as batch_op:
        # The owner's CHECK names the column: it goes first, or SQLite's copy refuses.
        batch_op.drop_constraint('goal_owner', type_='check')
        batch_op.drop_column('owner')

    with op.batch_alter_table('coaching_competency_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_competency_ratings_ride_along_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_competency_ratings_rep_id'))

    op.drop_table('coaching_competency_ratings')
    with op.batch_alter_table('coaching_agenda_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_agenda_topics_one_on_one_id'))

    op.drop_table('coaching_agenda_topics')
    with op.batch_alter_table('coaching_action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_action_items_ride_along_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_action_items_rep_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_action_items_one_on_one_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_action_items_due_on'))

    op.drop_table('coaching_action_items')
    with op.batch_alter_table('coaching_support_expectations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_support_expectations_support_plan_id'))

    op.drop_table('coaching_support_expectations')
    with op.batch_alter_table('coaching_support_checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_support_checkins_support_plan_id'))

    op.drop_table('coaching_support_checkins')
    with op.batch_alter_table('coaching_ride_alongs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_ride_alongs_scheduled_at'))
        batch_op.drop_index(batch_op.f('ix_coaching_ride_alongs_rep_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_ride_alongs_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_ride_alongs_manager_id'))

    op.drop_table('coaching_ride_alongs')
    with op.batch_alter_table('coaching_one_on_ones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_one_on_ones_scheduled_at'))
        batch_op.drop_index(batch_op.f('ix_coaching_one_on_ones_rep_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_one_on_ones_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_one_on_ones_manager_id'))

    op.drop_table('coaching_one_on_ones')
    with op.batch_alter_table('onboarding_checkin_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onboarding_checkin_ratings_checkin_id'))

    op.drop_table('onboarding_checkin_ratings')
    with op.batch_alter_table('coaching_support_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_support_plans_rep_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_support_plans_manager_id'))

    op.drop_table('coaching_support_plans')
    op.drop_table('coaching_profiles')
    with op.batch_alter_table('coaching_motivator_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_motivator_profiles_rep_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_motivator_profiles_recorded_at'))

    op.drop_table('coaching_motivator_profiles')
