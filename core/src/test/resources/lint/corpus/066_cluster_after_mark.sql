-- corpus: hazard cluster
-- from: postgres docs CLUSTER
-- Marking the clustering index is cheap; the CLUSTER that follows is not.
ALTER TABLE users CLUSTER ON users_pkey;
CLUSTER users;
