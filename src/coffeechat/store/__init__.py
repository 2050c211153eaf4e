"""Persistence only: SQLAlchemy tables, queries and Alembic migrations.

SQL lives here and nowhere else. The same code runs on SQLite and PostgreSQL.
"""
