CREATE TABLE `activity_counts` (
	`slot` integer NOT NULL,
	`owner` text NOT NULL,
	`calls` integer NOT NULL,
	`emails` integer NOT NULL,
	`meetings` integer NOT NULL,
	`notes` integer NOT NULL,
	PRIMARY KEY(`slot`, `owner`)
);

--> statement-breakpoint
-- Kept by triggers (a derived table, never in the change log). A slot is occurred_at floored to
-- 15 minutes; the owner is the owner the entry's contact has now ('' for none). Only live entries
-- a person logged count: not deleted, not system entries.
CREATE TRIGGER `activity_counts_insert` AFTER INSERT ON `activities`
WHEN NEW.deleted_at IS NULL AND NEW.type <> 'system'
BEGIN
  INSERT INTO activity_counts (slot, owner, calls, emails, meetings, notes)
  VALUES (NEW.occurred_at - (NEW.occurred_at % 900000 + 900000) % 900000,
          coalesce((SELECT owner FROM contacts WHERE id = NEW.contact_id), ''),
          NEW.type = 'call', NEW.type = 'email', NEW.type = 'meeting', NEW.type = 'note')
  ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, emails = emails + excluded.emails,
    meetings = meetings + excluded.meetings, notes = notes + excluded.notes;
END;
--> statement-breakpoint
CREATE TRIGGER `activity_counts_update` AFTER UPDATE OF occurred_at, type, deleted_at, contact_id ON `activities`
BEGIN
  UPDATE activity_counts
  SET calls = calls - (OLD.type = 'call'), emails = emails - (OLD.type = 'email'),
      meetings = meetings - (OLD.type = 'meeting'), notes = notes - (OLD.type = 'note')
  WHERE OLD.deleted_at IS NULL AND OLD.type <> 'system'
    AND slot = OLD.occurred_at - (OLD.occurred_at % 900000 + 900000) % 900000
    AND owner = coalesce((SELECT owner FROM contacts WHERE id = OLD.contact_id), '');
  INSERT INTO activity_counts (slot, owner, calls, emails, meetings, notes)
  SELECT NEW.occurred_at - (NEW.occurred_at % 900000 + 900000) % 900000,
         coalesce((SELECT owner FROM contacts WHERE id = NEW.contact_id), ''),
         NEW.type = 'call', NEW.type = 'email', NEW.type = 'meeting', NEW.type = 'note'
  WHERE NEW.deleted_at IS NULL AND NEW.type <> 'system'
  ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, emails = emails + excluded.emails,
    meetings = meetings + excluded.meetings, notes = notes + excluded.notes;
END;
--> statement-breakpoint
CREATE TRIGGER `activity_counts_delete` AFTER DELETE ON `activities`
WHEN OLD.deleted_at IS NULL AND OLD.type <> 'system'
BEGIN
  UPDATE activity_counts
  SET calls = calls - (OLD.type = 'call'), emails = emails - (OLD.type = 'email'),
      meetings = meetings - (OLD.type = 'meeting'), notes = notes - (OLD.type = 'note')
  WHERE slot = OLD.occurred_at - (OLD.occurred_at % 900000 + 900000) % 900000
    AND owner = coalesce((SELECT owner FROM contacts WHERE id = OLD.contact_id), '');
END;
--> statement-breakpoint
-- A contact changes hands: its entries' counts move from the old owner to the new one.
CREATE TRIGGER `activity_counts_owner` AFTER UPDATE OF owner ON `contacts`
WHEN coalesce(OLD.owner, '') <> coalesce(NEW.owner, '')
BEGIN
  INSERT INTO activity_counts (slot, owner, calls, emails, meetings, notes)
  SELECT occurred_at - (occurred_at % 900000 + 900000) % 900000 AS s, coalesce(OLD.owner, ''),
         -sum(type = 'call'), -sum(type = 'email'), -sum(type = 'meeting'), -sum(type = 'note')
  FROM activities WHERE contact_id = NEW.id AND deleted_at IS NULL AND type <> 'system' GROUP BY s
  ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, emails = emails + excluded.emails,
    meetings = meetings + excluded.meetings, notes = notes + excluded.notes;
  INSERT INTO activity_counts (slot, owner, calls, emails, meetings, notes)
  SELECT occurred_at - (occurred_at % 900000 + 900000) % 900000 AS s, coalesce(NEW.owner, ''),
         sum(type = 'call'), sum(type = 'email'), sum(type = 'meeting'), sum(type = 'note')
  FROM activities WHERE contact_id = NEW.id AND deleted_at IS NULL AND type <> 'system' GROUP BY s
  ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, emails = emails + excluded.emails,
    meetings = meetings + excluded.meetings, notes = notes + excluded.notes;
END;
--> statement-breakpoint
INSERT INTO activity_counts (slot, owner, calls, emails, meetings, notes)
SELECT a.occurred_at - (a.occurred_at % 900000 + 900000) % 900000 AS s, coalesce(c.owner, '') AS o,
       sum(a.type = 'call'), sum(a.type = 'email'), sum(a.type = 'meeting'), sum(a.type = 'note')
FROM activities a LEFT JOIN contacts c ON c.id = a.contact_id
WHERE a.deleted_at IS NULL AND a.type <> 'system'
GROUP BY s, o;
