-- SQLite's 0004_events.sql: on PostgreSQL part of 0001_schema.sql, which was written after SQLite's 0001 to
-- 0007 and holds all of them. This number stays empty so that a number means the same migration
-- on both engines from here on (a database made under the old numbers is renumbered on open: Migrator).
SELECT 1;
