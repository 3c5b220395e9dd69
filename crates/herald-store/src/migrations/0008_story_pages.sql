-- A story page reads a bounded number of a cluster's members, in arrival order, and the events of
-- its latest members: both walk this index instead of sorting every member of a big cluster.
CREATE INDEX story_docs_cluster_arrival ON story_docs (cluster_id, arrival);
DROP INDEX story_docs_cluster;
