-- Nothing changes on PostgreSQL. SQLite's 0019 rewrites two CHECKs of `column IN (…)` as
-- comparisons, because SQLite builds a temporary B-tree for such a list on every row it checks;
-- PostgreSQL compares against the list's array directly. The number is kept so that both
-- engines' migrations stay numbered alike.
SELECT 1;
