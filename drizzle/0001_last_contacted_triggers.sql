-- contacts.last_contacted_at is derived from activities (latest call, email or meeting that is not
-- deleted). Triggers keep it in step whatever writes the activity (local edit, import, sync apply),
-- so it never enters the change log and every device derives it for itself.
CREATE TRIGGER `activities_last_contacted_insert` AFTER INSERT ON `activities`
WHEN NEW.contact_id IS NOT NULL
BEGIN
  UPDATE contacts SET last_contacted_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = NEW.contact_id AND deleted_at IS NULL AND type <> 'note'
  ) WHERE id = NEW.contact_id;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_last_contacted_update` AFTER UPDATE OF contact_id, occurred_at, deleted_at, type ON `activities`
BEGIN
  UPDATE contacts SET last_contacted_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = contacts.id AND deleted_at IS NULL AND type <> 'note'
  ) WHERE id IN (OLD.contact_id, NEW.contact_id);
END;
--> statement-breakpoint
CREATE TRIGGER `activities_last_contacted_delete` AFTER DELETE ON `activities`
WHEN OLD.contact_id IS NOT NULL
BEGIN
  UPDATE contacts SET last_contacted_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = OLD.contact_id AND deleted_at IS NULL AND type <> 'note'
  ) WHERE id = OLD.contact_id;
END;
