-- A withheld image's content filter results, kept with its failed job (JSON as images.filter_results) so that the
-- Azure route can report them per image, as it does for delivered ones. V5, not V4: another branch adds a V4.
ALTER TABLE jobs ADD COLUMN error_filter TEXT;
