-- The walk network (migration 330) as the siting runs' walks use it: every edge, its end nodes and
-- length in metres (a city-wide run needs all of them; a run of one area walks only near its candidates).
SELECT id, source, target, cost FROM walk_edges
