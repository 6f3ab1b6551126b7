-- The store: content-addressed blocks and receipts, runs and their task progress, and the workflow journal.
-- Unqualified names resolve to the store's schema (search_path). Times are UTC ticks (100 ns) so a
-- DateTimeOffset round-trips exactly; CIDs are their binary form.

CREATE TABLE blocks (
    cid  bytea PRIMARY KEY,
    data bytea NOT NULL
);

-- seq gives ListReceiptsAsync its insertion order; receipts are inserted if absent by CID.
CREATE TABLE receipts (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cid         bytea NOT NULL UNIQUE,
    instruction bytea,
    ok          boolean NOT NULL,
    data        bytea NOT NULL
);
-- The memo look-up: successful receipts by the instruction they answer.
CREATE INDEX receipts_ok_by_instruction ON receipts (instruction) WHERE ok;

CREATE TABLE runs (
    seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id       text NOT NULL UNIQUE,
    status   integer NOT NULL,
    workflow bytea,
    name     text,
    created  bigint NOT NULL,
    updated  bigint NOT NULL,
    request  integer NOT NULL,
    error    text
);

CREATE TABLE tasks (
    run         text NOT NULL,
    idx         integer NOT NULL,
    instruction bytea NOT NULL,
    name        text NOT NULL,
    state       integer NOT NULL,
    replayed    boolean NOT NULL,
    receipt     bytea,
    attempts    integer NOT NULL,
    duration    bigint NOT NULL,
    PRIMARY KEY (run, idx)
);

CREATE TABLE workflow_invocations (
    run_id     text PRIMARY KEY,
    invocation bytea NOT NULL
);

CREATE TABLE workflow_effects (
    run_id      text NOT NULL,
    position    integer NOT NULL,
    instruction bytea NOT NULL,
    PRIMARY KEY (run_id, position)
);

CREATE TABLE workflow_events (
    run_id  text NOT NULL,
    name    text NOT NULL,
    idx     integer NOT NULL,
    payload bytea NOT NULL,
    PRIMARY KEY (run_id, name, idx)
);
