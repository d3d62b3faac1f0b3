package io.fleetline.jobs;

import java.util.function.Function;

/** Where jobs, executions and templates are kept. Each call's work is one transaction, durable when it returns. */
public interface JobStore {
    <T> T transact(Function<JobTx, T> work);

    /** Read-only work; a store may run it beside writers. */
    default <T> T read(Function<JobTx, T> work) {
        return transact(work);
    }
}
