package io.fleetline.agent.internal.deviceclient;

import io.fleetline.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The standard handler scripts, shipped as resources of the agent, and their installation. */
final class HandlerScripts {
    /** The handlers AWS's managed job templates name. */
    static final List<String> NAMES = List.of("download-file.sh", "reboot.sh", "install-packages.sh",
            "remove-packages.sh", "start-services.sh", "stop-services.sh", "restart-services.sh");

    private HandlerScripts() {
    }

    static List<Path> install(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, HandlerDirectory.MODE_0700);
        List<Path> installed = new ArrayList<>();
        for (String name : NAMES) {
            Path target = directory.resolve(name);
            try (InputStream script = open(name)) {
                AtomicFiles.RENAMED.copy(script, target, HandlerDirectory.MODE_0700);
            }
            installed.add(target);
        }
        return installed;
    }

    private static InputStream open(String name) {
        InputStream script = HandlerScripts.class.getResourceAsStream("handlers/" + name);
        if (script == null) {
            throw new UncheckedIOException(new IOException("the agent is missing its handler " + name));
        }
        return script;
    }
}
