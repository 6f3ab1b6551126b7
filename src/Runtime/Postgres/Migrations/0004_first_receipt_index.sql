-- The memo look-up asks for the first successful receipt of an instruction (WHERE ok AND instruction = $1 ORDER BY
-- seq LIMIT 1: claims, the completion statement, queue_complete_one). With an index on the instruction alone the
-- planner had a choice, and before the table had statistics (a new store's first minute, until autovacuum analyses
-- it) it walked the primary key in seq order and filtered: every claim of a task that is not pure read the whole
-- receipts table (auto_explain: 3,193 rows removed per look-up; durable steps ran at a fifth of their rate). With seq
-- in the index, the first entry for the instruction is the answer, with or without statistics.
CREATE INDEX receipts_ok_by_instruction_seq ON receipts (instruction, seq) WHERE ok;
DROP INDEX receipts_ok_by_instruction;
