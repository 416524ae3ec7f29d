-- The OpenID Connect group whose members are put on a roll meeting's roll when they open it (null:
-- none). Compared with the groups an account's provider named at its latest sign-in.
ALTER TABLE meetings ADD COLUMN roll_group TEXT CHECK (length(roll_group) BETWEEN 1 AND 200);
