-- corpus: safe
-- from: squawk prefer-text-field, prefer-bigint-over-int, prefer-timestamp-tz, ban-char-field
-- Column types are a style choice; creating a new table blocks nobody.
CREATE TABLE newsletters (
    id int PRIMARY KEY,
    title varchar(120) NOT NULL,
    code char(8),
    sent_at timestamp
);
