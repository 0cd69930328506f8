-- The catalogue's order ignores case and accents ("Étude" among the E's, not after "Z"): each
-- piece's title folded by the application (`TextFolding.fold`). Rows written before this column
-- existed hold '' until `mirubato seed` fills them (`SheetMusicStore.fillTitleKeys`).
ALTER TABLE sheet_music ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
