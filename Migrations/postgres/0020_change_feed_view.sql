-- Nothing changes on PostgreSQL. SQLite's 0020 moves the statements its change-feed triggers
-- repeated into one INSTEAD OF trigger on a view, which is what PostgreSQL's triggers already
-- share as one function (`mirubato_record_change`), so that a connection to the file parses
-- less SQL at its first statement. The number is kept so that both engines' migrations stay
-- numbered alike.
SELECT 1;
