package io.fleetline.testkit;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

/** The databases a suite can run on; each test gets a database of its own. */
public enum Store {
    SQLITE,
    POSTGRESQL;

    /** A fresh database URL; SQLite's file goes into {@code dir}. */
    public String newUrl(Path dir) {
        return this == SQLITE ? TestDatabases.sqliteUrl(dir) : TestDatabases.postgresUrl();
    }

    public void drop(String url) {
        if (this == POSTGRESQL) {
            TestDatabases.dropPostgresSchema(url);
        }
    }
}
