-- The completion of one task, the common case of a worker's commit (each step of a chain), as a function: what
-- Queue/CompletionStatement.cs does for a batch, in single-row statements whose plans PL/pgSQL caches, instead of
-- one plan of about a hundred nodes with six data-modifying CTEs whose executor set-up alone cost more than the
-- writes (docs/benchmarks.md). The rows it returns have the batch statement's columns, so one reader serves both:
--   kind 0: the completion's outcome (flag: accepted, i.e. its epoch is the row's; a fenced one writes nothing);
--   kind 1: the run it ended, with its final status;
--   kind 2: a dependent it took to zero pending: claimed for the worker (flag) with its memo look-up, or left
--           runnable for others (flag false).
-- Numbers are TaskState (0 pending, 1 leased, 2 succeeded, 3 failed) and RunStatus (1 running, 3 parked,
-- 4 completed, 5 failed). Unqualified names resolve through search_path to the store's schema, as everywhere.
CREATE FUNCTION queue_complete_one(
    p_run text, p_idx integer, p_epoch bigint, p_instruction bytea, p_state integer, p_replayed boolean,
    p_receipt bytea, p_attempts integer, p_duration bigint, p_park text, p_cid_text text, p_failure text,
    p_receipt_instruction bytea, p_receipt_ok boolean, p_receipt_data bytea, p_unsynced boolean, p_now bigint,
    p_ops text[], p_labels text[], p_max integer, p_worker text, p_lease interval)
RETURNS TABLE (kind integer, ord integer, flag boolean, run text, idx integer, instruction bytea, workflow bytea,
               epoch bigint, claims integer, retry_effects boolean, status integer,
               memo_checked boolean, memo_cid bytea, memo_data bytea)
LANGUAGE plpgsql
AS $fn$
#variable_conflict use_column
DECLARE
    v_epoch bigint;
    v_name text;
    v_dependents integer[];
    v_unfinished integer;
    v_error text;
    v_workflow bytea;
    v_retry boolean;
    v_claim boolean;
    v_status integer;
    v_dependent integer;
    v_take boolean;
    f record;
BEGIN
    IF p_unsynced THEN
        -- Only a pure result, which a lost commit merely recomputes: this transaction's commit skips the log flush.
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;

    kind := 0; ord := 1; run := NULL; idx := 0; instruction := NULL; workflow := NULL; epoch := 0; claims := 0;
    retry_effects := false; status := 0; memo_checked := false; memo_cid := NULL; memo_data := NULL;

    -- Finished: state and receipt. Handed back (an effect in doubt, state 0): runnable again, its claims count
    -- remembering it was interrupted, while its run parks. One statement locks, fences and writes the task: the
    -- common case is a lease still held at its epoch.
    UPDATE queue_tasks t SET state = p_state, receipt = CASE WHEN p_state = 0 THEN t.receipt ELSE p_receipt END,
        lease_owner = CASE WHEN p_state = 0 THEN NULL ELSE t.lease_owner END, lease_expires = NULL
    WHERE t.run = p_run AND t.idx = p_idx AND t.lease_epoch = p_epoch AND t.state = 1
    RETURNING t.name, t.dependents INTO v_name, v_dependents;

    IF NOT FOUND THEN
        -- Fenced (the lease was retaken): nothing is written, not even the receipt; the worker adopts the recorded
        -- one. Accepted earlier: a retried commit whose first attempt landed finds its task no longer leased at its
        -- epoch.
        SELECT t.lease_epoch INTO v_epoch FROM queue_tasks t WHERE t.run = p_run AND t.idx = p_idx FOR UPDATE;
        flag := FOUND AND v_epoch = p_epoch;
        RETURN NEXT;
        RETURN;
    END IF;

    flag := true;
    RETURN NEXT;

    IF p_state <> 0 THEN
        -- The receipt if absent, and the task record, as one statement (one executor start instead of two). The
        -- receipt's WITH runs after the task record: that row is this task's alone (its queue row is locked), so the
        -- order adds no lock to wait for in between.
        WITH receipt AS (
            INSERT INTO receipts (cid, instruction, ok, data)
            SELECT p_receipt, p_receipt_instruction, p_receipt_ok, p_receipt_data WHERE NOT p_replayed AND p_receipt_data IS NOT NULL
            ON CONFLICT (cid) DO NOTHING)
        INSERT INTO tasks (run, idx, instruction, name, state, replayed, receipt, attempts, duration)
        VALUES (p_run, p_idx, p_instruction, v_name, p_state, p_replayed, p_receipt, p_attempts, p_duration)
        ON CONFLICT (run, idx) DO UPDATE SET instruction = excluded.instruction, name = excluded.name, state = excluded.state,
            replayed = excluded.replayed, receipt = excluded.receipt, attempts = excluded.attempts, duration = excluded.duration;

        -- This row's lock orders the completions of a run, so exactly one of them takes it to zero.
        UPDATE queue_runs q SET unfinished = q.unfinished - 1,
            first_error = coalesce(q.first_error, CASE WHEN p_state = 3 THEN format('task %s (%s, %s) failed: %s', p_idx, v_name, p_cid_text, p_failure) END),
            open = q.unfinished - 1 > 0
        WHERE q.run = p_run
        RETURNING q.unfinished, q.first_error, q.workflow, q.retry_effects,
                  p_max > 0 AND p_park IS NULL AND cardinality(v_dependents) > 0 AND (SELECT r.status FROM runs r WHERE r.id = q.run) = 1
        INTO v_unfinished, v_error, v_workflow, v_retry, v_claim;
    END IF;

    IF p_park IS NOT NULL OR v_unfinished = 0 THEN
        -- The run parks, or ends with its last task; only a running run changes, so one parked meanwhile stays parked.
        UPDATE runs r SET status = CASE WHEN p_park IS NOT NULL THEN 3 WHEN v_error IS NULL THEN 4 ELSE 5 END,
            error = coalesce(p_park, v_error), updated = p_now, request = CASE WHEN p_park IS NOT NULL THEN r.request ELSE 0 END
        WHERE r.id = p_run AND r.status = 1
        RETURNING r.status INTO v_status;
        IF FOUND AND p_park IS NULL THEN
            kind := 1; run := p_run; status := v_status;
            RETURN NEXT;
        END IF;
    END IF;

    IF p_state = 0 OR cardinality(v_dependents) = 0 THEN
        RETURN;
    END IF;

    kind := 2; ord := 0; run := p_run; workflow := v_workflow; retry_effects := v_retry; status := 0;
    IF cardinality(v_dependents) = 1 THEN
        -- A chain's step: the one dependent is claimed for the worker if this release takes it to zero (nobody else can
        -- hold it then: it was not runnable) and the worker has its op and labels; the test is inline, so it reads the
        -- row's newest version. Taken, it is leased (state 1): a dependent still waiting on this release cannot have
        -- been leased before (claims and hand-overs take only tasks with nothing pending), so state 1 after the update
        -- means this update took it.
        v_dependent := v_dependents[1];
        v_claim := coalesce(v_claim, false);
        UPDATE queue_tasks t SET pending = t.pending - 1,
            state = CASE WHEN v_claim AND t.state = 0 AND t.pending = 1 AND t.op = ANY(p_ops) AND t.labels <@ p_labels THEN 1 ELSE t.state END,
            lease_owner = CASE WHEN v_claim AND t.state = 0 AND t.pending = 1 AND t.op = ANY(p_ops) AND t.labels <@ p_labels THEN p_worker ELSE t.lease_owner END,
            lease_expires = CASE WHEN v_claim AND t.state = 0 AND t.pending = 1 AND t.op = ANY(p_ops) AND t.labels <@ p_labels THEN now() + p_lease ELSE t.lease_expires END,
            lease_epoch = CASE WHEN v_claim AND t.state = 0 AND t.pending = 1 AND t.op = ANY(p_ops) AND t.labels <@ p_labels THEN t.lease_epoch + 1 ELSE t.lease_epoch END,
            claims = CASE WHEN v_claim AND t.state = 0 AND t.pending = 1 AND t.op = ANY(p_ops) AND t.labels <@ p_labels THEN t.claims + 1 ELSE t.claims END
        WHERE t.run = p_run AND t.idx = v_dependent
        RETURNING t.instruction, t.lease_epoch, t.claims, t.state, t.pending, t.effect_class INTO f;
        v_take := FOUND AND f.state = 1;

        IF FOUND AND f.pending = 0 AND (f.state = 0 OR v_take) THEN
            flag := v_take; idx := v_dependent; instruction := f.instruction; epoch := f.lease_epoch; claims := f.claims;
            -- A claimed dependent not submitted as pure comes with its memo look-up (ClaimMemo).
            memo_checked := v_take AND f.effect_class IS DISTINCT FROM 0;
            IF memo_checked THEN
                SELECT r.cid, r.data INTO memo_cid, memo_data FROM receipts r
                WHERE r.ok AND r.instruction = f.instruction ORDER BY r.seq LIMIT 1;
            END IF;

            RETURN NEXT;
        END IF;

        RETURN;
    END IF;

    -- A fan-out: the batch statement's release and pick, for one run.
    RETURN QUERY
    WITH released AS (
        SELECT d.idx, count(*)::int AS n FROM unnest(v_dependents) AS d(idx) GROUP BY d.idx),
    picked AS (
        SELECT t.idx FROM queue_tasks t JOIN released d ON t.run = p_run AND t.idx = d.idx
        WHERE coalesce(v_claim, false) AND t.state = 0 AND t.pending = d.n AND t.op = ANY(p_ops) AND t.labels <@ p_labels
        ORDER BY t.seq
        LIMIT p_max),
    freed AS (
        UPDATE queue_tasks t SET
            pending = t.pending - d.n,
            state = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN 1 ELSE t.state END,
            lease_owner = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN p_worker ELSE t.lease_owner END,
            lease_expires = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN now() + p_lease ELSE t.lease_expires END,
            lease_epoch = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN t.lease_epoch + 1 ELSE t.lease_epoch END,
            claims = CASE WHEN p.idx IS NOT NULL AND t.state = 0 AND t.pending = d.n THEN t.claims + 1 ELSE t.claims END
        FROM released d LEFT JOIN picked p ON p.idx = d.idx
        WHERE t.run = p_run AND t.idx = d.idx
        RETURNING t.idx, t.instruction, t.lease_epoch, t.claims, t.state, t.pending, p.idx IS NOT NULL AS picked, t.effect_class)
    SELECT 2, 0, fr.picked AND fr.state = 1, p_run, fr.idx, fr.instruction, v_workflow, fr.lease_epoch, fr.claims, v_retry, 0,
           fr.picked AND fr.effect_class IS DISTINCT FROM 0, m.cid, m.data
    FROM freed fr LEFT JOIN LATERAL (
        SELECT r.cid, r.data FROM receipts r WHERE r.ok AND r.instruction = fr.instruction ORDER BY r.seq LIMIT 1) m
        ON fr.picked AND fr.effect_class IS DISTINCT FROM 0
    WHERE fr.pending = 0 AND (fr.state = 0 OR fr.picked);
END;
$fn$;
