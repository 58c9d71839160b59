"""Sessions that end: one row per signed-in browser; sign-in no longer writes the user row.

Revision ID: 0017
Revises: 0016

``user_sessions`` holds a hash of the secret each session and remember-me cookie carries, so
signing out, a new password or deactivation ends a session everywhere its cookies were copied.
Its ``created_at`` is the sign-in time, so ``users.last_login_at`` (written on every sign-in,
which raced on the user's version counter) goes: each user's last sign-in is kept as an ended
session row. Downgrading puts the column back from the newest session of each user.

Every session signed in before this revision ends with it (its cookie holds the old user
token), so everyone signs in once more.
"""
import hashlib
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

users = sa.table(
    'users',
    sa.column('id', sa.Integer),
    sa.column('last_login_at', sa.DateTime(timezone=True)),
)
sessions = sa.table(
    'user_sessions',
    sa.column('user_id', sa.Integer),
    sa.column('secret_hash', sa.String),
    sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('last_seen_at', sa.DateTime(timezone=True)),
    sa.column('ended_at', sa.DateTime(timezone=True)),
    sa.column('device', sa.String),
)


def upgrade():
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('remember', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('device', sa.String(length=120), server_default='', nullable=False),
        sa.Column('ip_address', sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_user_sessions_secret_hash')),
    )
    op.create_index(
        'ix_user_sessions_user_created', 'user_sessions', ['user_id', 'created_at'], unique=False
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c.last_login_at).where(users.c.last_login_at.is_not(None))
    ).all()
    for user_id, signed_in in rows:
        connection.execute(
            sessions.insert().values(
                user_id=user_id,
                # A secret nobody holds: this row only remembers when the person signed in.
                secret_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
                created_at=signed_in,
                last_seen_at=signed_in,
                ended_at=signed_in,
                device='Signed in before sessions were listed',
            )
        )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))
    newest = (
        sa.select(sa.func.max(sessions.c.created_at))
        .where(sessions.c.user_id == users.c.id)
        .scalar_subquery()
    )
    op.get_bind().execute(users.update().values(last_login_at=newest))
    op.drop_index('ix_user_sessions_user_created', table_name='user_sessions')
    op.drop_table('user_sessions')
