-- Statements about one task (a completion's finish and fence, the release of its dependent, heartbeats, hand-backs)
-- name it by its key (run, idx), and only the primary key answers that in a few pages. Two indexes of 0002 offered
-- the planner choices that looked as cheap and were not (auto_explain of the bench, docs/benchmarks.md):
--
-- * queue_tasks_leased (lease_expires) WHERE state = 1. A finish asks for state = 1, which satisfies that predicate,
--   and the index is small in the statistics, so the generic plan of queue_complete_one's finish scanned it whole and
--   filtered by run and idx: every leased task, and every entry of a task finished since the last vacuum, per
--   completion. Its new predicate, lease_expires IS NOT NULL, holds for the same rows (a lease is set only with
--   state 1 and cleared whenever the state leaves 1) and follows from the claim's lease_expires < now(), but not from
--   anything a single-task statement asks.
-- * queue_tasks_by_instruction (run, instruction). Its leading column let a custom plan (the first five calls on each
--   connection) for a run newer than the statistics find the task by run alone and read every task of the run,
--   5.7 ms per completion. The awaited-input read (run and instruction) is served as well with the instruction first.
CREATE INDEX queue_tasks_leased_until ON queue_tasks (lease_expires) WHERE lease_expires IS NOT NULL;
DROP INDEX queue_tasks_leased;

CREATE INDEX queue_tasks_by_instruction_run ON queue_tasks (instruction, run);
DROP INDEX queue_tasks_by_instruction;
