-- System entries (a deal moved, was won or lost) are not contact with the person: last_contacted_at
-- now counts only calls, emails and meetings. The triggers are recreated with that rule, and the
-- derived column is recomputed once for every contact.
DROP TRIGGER IF EXISTS `activities_last_contacted_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `activities_last_contacted_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `activities_last_contacted_delete`;
--> statement-breakpoint
CREATE TRIGGER `activities_last_contacted_insert` AFTER INSERT ON `activities`
WHEN NEW.contact_id IS NOT NULL
BEGIN
  UPDATE contacts SET last_contacted_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = NEW.contact_id AND deleted_at IS NULL AND type IN ('call', 'email', 'meeting')
  ) WHERE id = NEW.contact_id;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_last_contacted_update` AFTER UPDATE OF contact_id, occurred_at, deleted_at, type ON `activities`
BEGIN
  UPDATE contacts SET last_contacted_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = contacts.id AND deleted_at IS NULL AND type IN ('call', 'email', 'meeting')
  ) WHERE id IN (OLD.contact_id, NEW.contact_id);
END;
--> statement-breakpoint
CREATE TRIGGER `activities_last_contacted_delete` AFTER DELETE ON `activities`
WHEN OLD.contact_id IS NOT NULL
BEGIN
  UPDATE contacts SET last_contacted_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = OLD.contact_id AND deleted_at IS NULL AND type IN ('call', 'email', 'meeting')
  ) WHERE id = OLD.contact_id;
END;
--> statement-breakpoint
UPDATE contacts SET last_contacted_at = (
  SELECT max(occurred_at) FROM activities
  WHERE contact_id = contacts.id AND deleted_at IS NULL AND type IN ('call', 'email', 'meeting')
);
