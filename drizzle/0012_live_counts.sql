CREATE TABLE `live_counts` (
	`name` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
-- Hand-appended: the count of live contacts, backfilled, then kept by triggers on every way a row
-- can come, go, or change between live and deleted (insert, delete, deleted_at set or cleared).
INSERT INTO `live_counts` (name, n) SELECT 'contacts', count(*) FROM `contacts` WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER `contacts_live_count_insert` AFTER INSERT ON `contacts`
WHEN NEW.deleted_at IS NULL
BEGIN
  UPDATE live_counts SET n = n + 1 WHERE name = 'contacts';
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_live_count_delete` AFTER DELETE ON `contacts`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE live_counts SET n = n - 1 WHERE name = 'contacts';
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_live_count_update` AFTER UPDATE OF deleted_at ON `contacts`
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
  UPDATE live_counts SET n = n + (CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'contacts';
END;
