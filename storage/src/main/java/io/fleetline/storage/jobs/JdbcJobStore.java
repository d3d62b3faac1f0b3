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
        return database.write(handle -> work.apply(new JdbcJobTx(handle, false)));
    }

    @Override
    public <T> T transactLockingRows(Function<JobTx, T> work) {
        // FOR UPDATE is PostgreSQL's; SQLite's single writer already runs one transaction at a time
        boolean lock = database.dialect() == io.fleetline.storage.Dialect.POSTGRESQL;
        return database.writeLockingRows(handle -> work.apply(new JdbcJobTx(handle, lock)));
    }

    @Override
    public <T> T read(Function<JobTx, T> work) {
        return database.read(handle -> work.apply(new JdbcJobTx(handle, false)));
    }
}
