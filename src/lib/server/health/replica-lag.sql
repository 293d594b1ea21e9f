-- The read replica's lag, run on the replica; $1 is the primary's pg_current_wal_lsn() read just before.
-- Seconds count only while WAL received is waiting to be replayed: an idle, caught-up replica lags 0 s
-- however old its last replayed transaction.
SELECT pg_is_in_recovery() AS standby,
       CASE WHEN pg_is_in_recovery()
            THEN pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::float8 END AS bytes,
       CASE WHEN pg_is_in_recovery() AND pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()
            THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
            ELSE 0 END AS seconds,
       CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() ELSE 'not paused' END AS replay
