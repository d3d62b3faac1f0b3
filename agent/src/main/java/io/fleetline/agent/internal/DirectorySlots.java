package io.fleetline.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.BootSlots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A/B slots as two files ({@code slot-a.img}, {@code slot-b.img}) and a boot-control file ({@code boot.json}: the
 * confirmed slot, each slot's version, and the trial state), each change written whole and atomically. Opening the
 * directory is a boot, done as a bootloader would: a trial that was asked for boots, on trial; a trial boot that was
 * never confirmed falls back to the confirmed slot. The confirmed slot is never written, so one bootable, confirmed
 * image is there whatever moment the process dies at.
 */
public final class DirectorySlots implements BootSlots {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTROL = "boot.json";

    /** The trial state in {@code boot.json}. */
    enum Trial {
        /** No trial: the confirmed slot boots. */
        NONE,
        /** The other slot boots next, on trial. */
        PENDING,
        /** The slot booted now is on trial; if it boots again unconfirmed, the confirmed one does. */
        BOOTED
    }

    /** What {@code boot.json} says. {@code versions} of a slot is empty while it holds no complete image. */
    record Control(char confirmed, Trial trial, Optional<String> a, Optional<String> b) {
        Optional<String> version(char slot) {
            return slot == 'a' ? a : b;
        }

        Control with(char slot, Optional<String> version) {
            return slot == 'a' ? new Control(confirmed, trial, version, b) : new Control(confirmed, trial, a, version);
        }

        Control with(Trial next) {
            return new Control(confirmed, next, a, b);
        }
    }

    private final Path directory;
    private final AtomicFiles files;
    private final char booted;
    private Control control;

    private DirectorySlots(Path directory, AtomicFiles files, char booted, Control control) {
        this.directory = directory;
        this.files = files;
        this.booted = booted;
        this.control = control;
    }

    /** Boots from the slots in {@code directory}, each change forced to the disk. */
    public static BootSlots open(Path directory, String factoryVersion) throws IOException {
        return open(directory, factoryVersion, AtomicFiles.DURABLE);
    }

    /** Boots from the slots in {@code directory}; a new directory gets slot A with the factory image, confirmed. */
    public static BootSlots open(Path directory, String factoryVersion, AtomicFiles files) throws IOException {
        Files.createDirectories(directory);
        Path controlFile = directory.resolve(CONTROL);
        if (!Files.exists(controlFile)) {
            files.copy(new ByteArrayInputStream(("factory image " + factoryVersion)
                    .getBytes(StandardCharsets.UTF_8)), directory.resolve("slot-a.img"));
            write(directory, files, new Control('a', Trial.NONE, Optional.of(factoryVersion), Optional.empty()));
        }
        Control control = read(directory);
        Control booting = switch (control.trial()) {
            case NONE -> control;
            case PENDING -> control.with(Trial.BOOTED);
            case BOOTED -> control.with(Trial.NONE);  // the trial came back unconfirmed: fall back
        };
        if (booting != control) {
            write(directory, files, booting);
        }
        char booted = booting.trial() == Trial.BOOTED ? other(booting.confirmed()) : booting.confirmed();
        return new DirectorySlots(directory, files, booted, booting);
    }

    private static char other(char slot) {
        return slot == 'a' ? 'b' : 'a';
    }

    @Override
    public synchronized String runningVersion() {
        return control.version(booted).orElse("unknown");
    }

    @Override
    public synchronized boolean onTrial() {
        return booted != control.confirmed() && control.trial() == Trial.BOOTED;
    }

    @Override
    public synchronized Optional<String> inactiveVersion() {
        return control.version(other(booted));
    }

    @Override
    public synchronized void writeInactive(String version, InputStream image) throws IOException {
        char inactive = other(booted);
        if (inactive == control.confirmed()) {
            throw new IllegalStateException("the inactive slot holds the confirmed image of a trial boot;"
                    + " confirm or roll back first");
        }
        // the slot's old image is gone from the moment its file is touched: say so first
        update(control.with(inactive, Optional.empty()).with(Trial.NONE));
        files.copy(image, slotFile(inactive));
        update(control.with(inactive, Optional.of(version)));
    }

    @Override
    public synchronized void tryInactive() throws IOException {
        char inactive = other(booted);
        if (inactive == control.confirmed() || control.version(inactive).isEmpty()) {
            throw new IllegalStateException("the inactive slot holds no new image to try");
        }
        update(control.with(Trial.PENDING));
    }

    @Override
    public synchronized void confirm() throws IOException {
        if (onTrial()) {
            update(new Control(booted, Trial.NONE, control.a(), control.b()));
        }
    }

    @Override
    public synchronized void rollBack() throws IOException {
        if (control.trial() != Trial.NONE) {
            update(control.with(Trial.NONE));
        }
    }

    /** The file of a slot, for tests that look at what was written. */
    Path slotFile(char slot) {
        return directory.resolve("slot-" + slot + ".img");
    }

    private void update(Control next) throws IOException {
        write(directory, files, next);
        control = next;
    }

    private static void write(Path directory, AtomicFiles files, Control control) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("confirmed", String.valueOf(control.confirmed()));
        node.put("trial", control.trial().name().toLowerCase(java.util.Locale.ROOT));
        ObjectNode versions = node.putObject("versions");
        control.a().ifPresent(v -> versions.put("a", v));
        control.b().ifPresent(v -> versions.put("b", v));
        files.write(directory.resolve(CONTROL), JSON.writeValueAsBytes(node));
    }

    private static Control read(Path directory) throws IOException {
        JsonNode node = JSON.readTree(Files.readAllBytes(directory.resolve(CONTROL)));
        String confirmed = node.path("confirmed").asText();
        if (!confirmed.equals("a") && !confirmed.equals("b")) {
            throw new IOException("boot control names no confirmed slot: " + node);
        }
        Trial trial = Trial.valueOf(node.path("trial").asText("none").toUpperCase(java.util.Locale.ROOT));
        JsonNode versions = node.path("versions");
        return new Control(confirmed.charAt(0), trial, text(versions, "a"), text(versions, "b"));
    }

    private static Optional<String> text(JsonNode versions, String slot) {
        return versions.hasNonNull(slot) ? Optional.of(versions.get(slot).asText()) : Optional.empty();
    }
}
