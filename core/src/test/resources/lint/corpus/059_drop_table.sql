-- corpus: hazard drop-table
-- from: squawk ban-drop-table
-- The previous build may still read legacy_exports.
DROP TABLE legacy_exports;
