package io.fleetline.jobs;

import java.util.function.Function;

/** Where jobs, executions and templates are kept. Each call's work is one transaction, durable when it returns. */
public interface JobStore {
    <T> T transact(Function<JobTx, T> work);

    /**
     * A transaction whose work changes only executions it read first: a thing's pending executions, or one found by
     * job and thing. Those reads lock the rows they return until the transaction ends, so the store need not keep
     * the whole transaction apart from others (on PostgreSQL, SERIALIZABLE's predicate locks made neighbouring
     * things' requests conflict); anything else it reads is what was committed when it reads it.
     */
    default <T> T transactLockingRows(Function<JobTx, T> work) {
        return transact(work);
    }

    /** Read-only work; a store may run it beside writers. */
    default <T> T read(Function<JobTx, T> work) {
        return transact(work);
    }
}
