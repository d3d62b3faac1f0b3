package io.fleetline.storage.jobs;

import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.JobTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link JobStore} on a {@link Database}. */
public final class JdbcJobStore implements JobStore {
    private final Database database;

    public JdbcJobStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<JobTx, T> work) {
        return database.write(handle -> work.apply(new JdbcJobTx(handle)));
    }

    @Override
    public <T> T read(Function<JobTx, T> work) {
        return database.read(handle -> work.apply(new JdbcJobTx(handle)));
    }
}
