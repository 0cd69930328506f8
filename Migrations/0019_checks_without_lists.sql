-- A CHECK of `column IN (three or more values)` makes SQLite build a temporary B-tree of the
-- values each time a statement checks it: two fresh pages zeroed and filled, for every log
-- written and every row of the change feed. That was about 7 % of the work a log write does
-- while it holds the file's one write turn. The same condition written as comparisons costs a
-- few instructions. The stored rows already meet it, so only the text of the two tables'
-- definitions changes, in place, as SQLite documents for changing a CHECK
-- (https://www.sqlite.org/lang_altertable.html#otheralter): no table is copied and no trigger,
-- index or view has to be made again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (activity_type IN (
    ''sight_reading'', ''scales'', ''arpeggios'', ''etudes'', ''repertoire'',
    ''memorization'', ''slow_practice'', ''mental_practice'', ''ensemble_reading'',
    ''transposition'', ''score_reduction'', ''technique'', ''warm_up''
  ))',
  'CHECK (activity_type = ''sight_reading'' OR activity_type = ''scales'' OR activity_type = ''arpeggios''
    OR activity_type = ''etudes'' OR activity_type = ''repertoire'' OR activity_type = ''memorization''
    OR activity_type = ''slow_practice'' OR activity_type = ''mental_practice''
    OR activity_type = ''ensemble_reading'' OR activity_type = ''transposition''
    OR activity_type = ''score_reduction'' OR activity_type = ''technique'' OR activity_type = ''warm_up'')')
WHERE type = 'table' AND name = 'practice_logs';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (entity IN (''log'', ''session'', ''template'', ''goal'', ''repertoire'', ''piece_progress'', ''profile'', ''piece'',
    ''plan_item'', ''comment''))',
  'CHECK (entity = ''log'' OR entity = ''session'' OR entity = ''template'' OR entity = ''goal''
    OR entity = ''repertoire'' OR entity = ''piece_progress'' OR entity = ''profile'' OR entity = ''piece''
    OR entity = ''plan_item'' OR entity = ''comment'')')
WHERE type = 'table' AND name = 'changes';
-- Any schema change moves the schema's version, which makes every other connection read the
-- new definitions; RESET reads them again on this one.
CREATE TABLE migration_0019_schema_version (x);
DROP TABLE migration_0019_schema_version;
PRAGMA writable_schema = RESET;
