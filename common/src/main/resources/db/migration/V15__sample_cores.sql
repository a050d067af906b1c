-- each core's busy percent per sample (null on a first poll), for the server page's per-core history
alter table metric_samples add column cores real[];
