"""The initial schema: uploads, waves and their tables, cached results, users, login failures, audit log.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _wave_id():
    return sa.Column("wave_id", sa.Integer(), sa.ForeignKey("waves.id", ondelete="CASCADE"), nullable=False)


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(500), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("district", sa.String(200)),
        sa.Column("school", sa.String(200)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime()),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("district", sa.String(200), nullable=False),
        sa.Column("school", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(500), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("district", "sha256", name="uq_uploads_district_sha256"),
    )
    op.create_table(
        "waves",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("district", sa.String(200), nullable=False),
        sa.Column("school", sa.String(200), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("staff", sa.Integer(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("nominations", sa.Integer(), nullable=False),
        sa.Column("issues", sa.Integer(), nullable=False),
        sa.Column("response_rate", sa.Float()),
        sa.Column("platform", sa.String(200)),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("complete_respondents", sa.Boolean(), nullable=False),
        sa.Column("roster_columns", sa.Text(), nullable=False),
        sa.Column("issues_dropped", sa.Text(), nullable=False),
        sa.Column("purged_at", sa.DateTime()),
        sa.UniqueConstraint("district", "school", "label", "version", name="uq_waves_version"),
        sa.UniqueConstraint("district", "school", "label", "fingerprint", name="uq_waves_fingerprint"),
    )
    op.create_index("ix_waves_district", "waves", ["district"])
    op.create_index("ix_waves_created_at", "waves", ["created_at"])
    op.create_table(
        "wave_uploads",
        sa.Column("wave_id", sa.Integer(), sa.ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("upload_id", sa.Integer(), sa.ForeignKey("uploads.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_wave_uploads_upload_id", "wave_uploads", ["upload_id"])
    op.create_table(
        "roster",
        sa.Column("id", sa.Integer(), primary_key=True),
        _wave_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("email", sa.Text()),
        sa.Column("school", sa.Text()),
        sa.Column("role", sa.Text()),
        sa.Column("level", sa.String(20)),
        sa.Column("formal_leader", sa.Boolean()),
        sa.Column("team", sa.Text()),
        sa.Column("attributes", sa.Text(), nullable=False),
    )
    op.create_index("ix_roster_wave_id", "roster", ["wave_id"])
    op.create_index("ix_roster_staff_id", "roster", ["staff_id"])
    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _wave_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.String(200), nullable=False),
        sa.Column("nominee_id", sa.String(200), nullable=False),
        sa.Column("relation", sa.String(100), nullable=False),
        sa.Column("weight", sa.Float()),
        sa.Column("source", sa.String(50)),
        sa.Column("match", sa.String(50)),
        sa.Column("file", sa.Text()),
        sa.Column("row", sa.Integer()),
        sa.Column("column", sa.Text()),
        sa.Column("answer", sa.Text()),
    )
    op.create_index("ix_nominations_wave_id", "nominations", ["wave_id"])
    op.create_index("ix_nominations_respondent_id", "nominations", ["respondent_id"])
    op.create_index("ix_nominations_nominee_id", "nominations", ["nominee_id"])
    op.create_table(
        "respondents",
        sa.Column("id", sa.Integer(), primary_key=True),
        _wave_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(200), nullable=False),
        sa.Column("file", sa.Text()),
        sa.Column("row", sa.Integer()),
        sa.Column("submitted_at", sa.Text()),
    )
    op.create_index("ix_respondents_wave_id", "respondents", ["wave_id"])
    op.create_index("ix_respondents_staff_id", "respondents", ["staff_id"])
    op.create_table(
        "issues",
        sa.Column("id", sa.Integer(), primary_key=True),
        _wave_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("file", sa.Text()),
        sa.Column("row", sa.Integer()),
        sa.Column("column", sa.Text()),
        sa.Column("value", sa.Text()),
    )
    op.create_index("ix_issues_wave_id", "issues", ["wave_id"])
    op.create_table(
        "unresolved",
        sa.Column("id", sa.Integer(), primary_key=True),
        _wave_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text()),
        sa.Column("row", sa.Integer()),
        sa.Column("column", sa.Text()),
        sa.Column("answer", sa.Text()),
        sa.Column("respondent_id", sa.String(200)),
        sa.Column("status", sa.String(50)),
        sa.Column("suggestions", sa.Text()),
    )
    op.create_index("ix_unresolved_wave_id", "unresolved", ["wave_id"])
    op.create_table(
        "results",
        sa.Column("wave_id", sa.Integer(), sa.ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("people", sa.Text()),
        sa.Column("people_columns", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime()),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("role", sa.String(20)),
        sa.Column("district", sa.String(200)),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade():
    for table in ("settings", "audit_log", "login_failures", "results", "unresolved", "issues", "respondents",
                  "nominations", "roster", "wave_uploads", "waves", "uploads", "users"):
        op.drop_table(table)
