-- Work distribution: the queue of runnable tasks that worker processes share (docs/workers.md).
-- Lease times are the database's clock (now()), so workers on machines whose clocks disagree still agree
-- on when a lease expires.

-- A run submitted to the queue. unfinished counts its tasks not yet finished: the completion that takes
-- it to zero sets the run's final status, exactly once (this row's lock orders those completions).
-- open is true until that happens; one open run per workflow CID makes duplicate submissions share it.
CREATE TABLE queue_runs (
    run           text PRIMARY KEY,
    workflow      bytea NOT NULL,
    unfinished    integer NOT NULL,
    first_error   text,
    retry_effects boolean NOT NULL,
    open          boolean NOT NULL
);
CREATE UNIQUE INDEX queue_runs_one_open_per_workflow ON queue_runs (workflow) WHERE open;

-- One row per task. state is the TaskState number: 0 pending (runnable when pending = 0), 1 leased,
-- 2 succeeded, 3 failed, 4 skipped. lease_epoch is the fencing token, raised by every claim; claims
-- counts claims not handed back, so above 1 the task was taken before and never finished.
CREATE TABLE queue_tasks (
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    run           text NOT NULL,
    idx           integer NOT NULL,
    instruction   bytea NOT NULL,
    name          text NOT NULL,
    op            text NOT NULL,
    labels        text[] NOT NULL,
    effect_class  integer,
    dependents    integer[] NOT NULL,
    pending       integer NOT NULL,
    state         integer NOT NULL,
    lease_owner   text,
    lease_expires timestamptz,
    lease_epoch   bigint NOT NULL DEFAULT 0,
    claims        integer NOT NULL DEFAULT 0,
    receipt       bytea,
    PRIMARY KEY (run, idx)
);
CREATE INDEX queue_tasks_runnable ON queue_tasks (seq) WHERE state = 0 AND pending = 0;
CREATE INDEX queue_tasks_leased ON queue_tasks (lease_expires) WHERE state = 1;
CREATE INDEX queue_tasks_by_instruction ON queue_tasks (run, instruction);

-- Live workers and what they can run; a worker whose heartbeat is old counts as gone.
CREATE TABLE workers (
    id           text PRIMARY KEY,
    host         text NOT NULL,
    pid          integer NOT NULL,
    ops          text[] NOT NULL,
    labels       text[] NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);
