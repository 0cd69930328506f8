-- The few SQLite spellings the stores use, defined here once so that each store sends the same
-- statement to both engines (the one place their SQL differs is this file):
--   instr(haystack, needle)     SQLite's substring position (PostgreSQL's strpos)
--   json_each(array_text)       the rows of a JSON array of strings as a column named value
--   max(a, b) / min(a, b)       SQLite's two-argument scalar max and min (PostgreSQL's GREATEST, LEAST)
--   +column                     SQLite's "do not use an index on this column" hint: the value unchanged
--   COLLATE NOCASE              case-insensitive comparison and order (ICU, strength 2)
--   round(real, digits)         SQLite rounds reals to digits; PostgreSQL only numerics

CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE STRICT AS
  $$ SELECT strpos(haystack, needle) $$;

CREATE FUNCTION json_each(document TEXT) RETURNS TABLE (value TEXT) LANGUAGE sql IMMUTABLE AS
  $$ SELECT json_array_elements_text(document::json) $$;

CREATE FUNCTION max(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$ SELECT GREATEST(a, b) $$;
CREATE FUNCTION max(a TEXT, b TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT GREATEST(a, b) $$;
CREATE FUNCTION min(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$ SELECT LEAST(a, b) $$;
CREATE FUNCTION min(a TEXT, b TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT LEAST(a, b) $$;

CREATE FUNCTION mirubato_unchanged(value TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT value $$;
CREATE OPERATOR + (RIGHTARG = TEXT, FUNCTION = mirubato_unchanged);

CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- SQLite's round(x, digits) for reals (PostgreSQL rounds only numeric to digits).
CREATE FUNCTION round(value DOUBLE PRECISION, digits INTEGER) RETURNS DOUBLE PRECISION LANGUAGE sql IMMUTABLE STRICT AS
  $$ SELECT round(value::numeric, digits)::double precision $$;
