CREATE TABLE `duplicate_dismissals` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`contact_a` text NOT NULL,
	`contact_b` text NOT NULL,
	CONSTRAINT "duplicate_dismissals_sorted" CHECK("duplicate_dismissals"."contact_a" < "duplicate_dismissals"."contact_b")
);
--> statement-breakpoint
CREATE INDEX `duplicate_dismissals_pair` ON `duplicate_dismissals` (`contact_a`,`contact_b`);--> statement-breakpoint
CREATE INDEX `contact_channels_value_key` ON `contact_channels` (`kind`,lower(trim("value"))) WHERE "contact_channels"."deleted_at" IS NULL;--> statement-breakpoint
-- Hand-appended: carry the pairs marked "not a duplicate" over from the local meta key
-- 'duplicates.dismissed' (a JSON array of "idA:idB") into duplicate_dismissals, then drop the key.
-- ids: UUIDv7 (the convention) needs the clock and cannot be made in SQL, so these rows get random
-- version-4 UUIDs from lower(hex(randomblob(16))), formatted 8-4-4-4-12. No change-log entries are
-- written for them (an HLC cannot be made here either): like the meta key they came from, they stay
-- on this device until the pair is dismissed again. A malformed meta value is dropped, never fatal.
INSERT INTO `duplicate_dismissals` (id, created_at, updated_at, deleted_at, contact_a, contact_b)
WITH pairs AS MATERIALIZED (
  SELECT DISTINCT min(x, y) AS a, max(x, y) AS b
  FROM (
    SELECT substr(j.value, 1, instr(j.value, ':') - 1) AS x, substr(j.value, instr(j.value, ':') + 1) AS y
    FROM meta m, json_each(m.value) j
    WHERE m.key = 'duplicates.dismissed' AND json_valid(m.value) AND json_type(m.value) = 'array'
      AND j.type = 'text' AND instr(j.value, ':') > 1
  )
  WHERE x <> '' AND y <> '' AND x <> y
),
made AS MATERIALIZED (
  SELECT a, b, lower(hex(randomblob(16))) AS h,
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS now
  FROM pairs
)
SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
    || substr('89ab', 1 + (unicode(substr(h, 17, 1)) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12),
  now, now, NULL, a, b
FROM made ORDER BY a, b;
--> statement-breakpoint
DELETE FROM `meta` WHERE `key` = 'duplicates.dismissed';
